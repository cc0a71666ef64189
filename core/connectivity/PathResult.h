#pragma once
// Loss and accuracy along a path between two members, its barriers and its
// length: plain data (no LibTorch), what the CLI prints and the GUI charts.

#include <string>
#include <vector>

#include "core/connectivity/PathSettings.h"

namespace modescape::connectivity {

// The two loss-barrier definitions of algorithms.md, over a sampled path.
// With t* the point of highest loss:
//   interpolated = L(t*) - ((1 - t*) L(A) + t* L(B))   (Frankle et al.; Ainsworth et al.)
//   endpointMean = L(t*) - (L(A) + L(B)) / 2
// Both are 0 for a constant path; a path whose highest point is an end gives
// interpolated 0 and endpointMean |L(A) - L(B)| / 2.
struct Barrier {
    double interpolated = 0.0;
    double endpointMean = 0.0;
    double tAtMax = 0.0;  // t*
};

// Throws InvalidArgument when t and loss differ in length or hold fewer than 2 values.
// NaN losses (points not evaluated yet) are skipped.
Barrier lossBarrier(const std::vector<double>& t, const std::vector<double>& loss);

struct PathResult {
    PathKind kind = PathKind::Linear;
    int bends = 2;  // control points (2 for linear / aligned)
    std::string memberA, memberB;
    std::vector<double> t;
    // One value per t; NaN until evaluated. Test arrays are empty when the
    // test split was not evaluated.
    std::vector<double> trainLoss, trainAccuracy, testLoss, testAccuracy;
    Barrier trainBarrier, testBarrier;
    // Sum over consecutive evaluated points of ||theta(t_i+1) - theta(t_i)||_2
    // (parameters only, not BatchNorm buffers); for a straight line, ||B - A||.
    double length = 0.0;
    double endpointDistance = 0.0;  // ||B - A||_2 (B after alignment for aligned)
    std::vector<double> epochLoss;  // trained curves: mean training loss per epoch
    double trainingSeconds = 0.0;
    double seconds = 0.0;  // whole job, training included
    // The headline number: the interpolated barrier of the training loss.
    double barrier() const { return trainBarrier.interpolated; }
};

}  // namespace modescape::connectivity
