#pragma once
// Directions made from members: a plane through three (Gram-Schmidt), a line
// between two, the top principal directions of a selection. Vectors cover the
// tensors of the scope (RandomDirection.h: coveredByScope) and are compared
// flattened. Internal to core/landscape (LibTorch types).

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeSettings.h"
#include "core/model/ParameterSet.h"

namespace modescape::landscape {

struct PlaneDirections {
    model::ParameterSet u;  // B - A
    model::ParameterSet v;  // C - A orthogonalised against u, rescaled to ||u||
    double cx = 0.0;        // C's coordinates: C = A + cx u + cy v (exactly, in the plane)
    double cy = 0.0;
};

// Throws InvalidArgument when B == A, or C lies on the line through A and B.
PlaneDirections planeThrough(const model::ParameterSet& a, const model::ParameterSet& b,
                             const model::ParameterSet& c, DirectionScope scope);

// B - A over the scope's tensors. Throws InvalidArgument when B == A.
model::ParameterSet lineBetween(const model::ParameterSet& a, const model::ParameterSet& b,
                                DirectionScope scope);

// The mean of the sets, every tensor (integer buffers from the first set).
model::ParameterSet meanOf(const std::vector<model::ParameterSet>& sets);

struct PcaDirections {
    model::ParameterSet first, second;  // unit vectors (second empty for one member pair)
    std::vector<double> explainedVarianceRatio;
};

// Top-2 principal directions of the members (centred on their mean; not
// normalised further), every member in memory: small selections and tests;
// makeDirections streams (StreamedPcaDirections.h). Throws InvalidArgument for
// fewer than 3 members.
PcaDirections principalDirections(const std::vector<model::ParameterSet>& members,
                                  DirectionScope scope, const JobContext& job);

// The scope's tensors of set, flattened into one float64 vector, in order.
at::Tensor flatCovered(const model::ParameterSet& set, DirectionScope scope);
// Inverse of flatCovered against like's names and shapes (float32 tensors).
model::ParameterSet unflatCovered(const at::Tensor& flat, const model::ParameterSet& like,
                                  DirectionScope scope);

// Coordinates of p relative to origin in the basis (x, y), by least squares
// (exact for orthogonal directions): what a member's marker position is.
std::pair<double, double> coordinatesOf(const model::ParameterSet& p,
                                        const model::ParameterSet& origin,
                                        const model::ParameterSet& x, const model::ParameterSet& y);

}  // namespace modescape::landscape
