#pragma once
// The PCA plane of trajectories centred on one member c: the displacements
// d_i = w_i - c of every path member are the rows of D, and the two
// directions are the top right singular vectors of D (no further centring:
// the plane through c that keeps most of the paths' squared displacement).
// The directions are unit vectors, not filter-normalised, so that (alpha,
// beta) = (d . x, d . y) are true coordinates and the projection error is a
// true distance ratio (docs/trajectory.md). Internal to core (LibTorch types).

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/model/ParameterSet.h"
#include "core/trajectory/TrajectoryResult.h"

namespace modescape::trajectory {

struct TrajectoryPlane {
    model::ParameterSet center;  // c, every tensor
    model::ParameterSet x, y;    // unit directions over the scope's tensors (float32)
    at::Tensor flatX, flatY;     // the same in float64, flattened (flatCovered's order)
    double explainedVariance = 0.0;
    std::vector<double> componentVariance;  // each direction's share
    std::string algorithm;                  // how the Gram matrix was made
};

// The plane of the path members (their names in `path`) centred on the
// member `center`. Members are read one at a time (a streamed Gram matrix).
// Throws InvalidArgument when the displacements span fewer than two
// directions (fewer than two members besides the centre, or all on a line),
// and what `weights` throws.
TrajectoryPlane trajectoryPlane(const std::vector<std::string>& path, const std::string& center,
                                const landscape::MemberWeights& weights,
                                landscape::DirectionScope scope, const JobContext& job);

// Fills each point's alpha, beta, projection error and distance (one read of
// each member).
void projectOnto(const TrajectoryPlane& plane, std::vector<TrajectoryPoint>& points,
                 const landscape::MemberWeights& weights, landscape::DirectionScope scope,
                 const JobContext& job);

}  // namespace modescape::trajectory
