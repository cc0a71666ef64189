#pragma once
// A trajectory plane and the surface on it: every path member's and scatter
// member's coordinates (alpha, beta) along the two principal directions, the
// share of its displacement from the centre that the plane misses, and the
// plane's explained variance. Plain data for the views, the CLI and files.

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/landscape/LandscapeResult.h"

namespace modescape::trajectory {

struct TrajectoryPoint {
    std::string name;
    std::string group;
    int index = 0;  // position in its group's order (0 = first)
    // The member's epoch (else step) from its metadata; NaN when it has none.
    double epoch = std::numeric_limits<double>::quiet_NaN();
    double alpha = 0.0;
    double beta = 0.0;
    // ||d - P d|| / ||d|| for the displacement d from the centre and P the
    // projection onto the plane; 0 for the centre itself (d = 0).
    double projectionError = 0.0;
    double distance = 0.0;  // ||d||

    // The epoch, or the index when the member has none: what colours the path.
    double epochOrIndex() const { return std::isnan(epoch) ? double(index) : epoch; }
};

struct TrajectoryResult {
    std::vector<std::string> groups;       // the paths, in order
    std::vector<TrajectoryPoint> path;     // every path member, group after group
    std::vector<TrajectoryPoint> scatter;  // members of the scatter groups
    std::string centerName;
    // Share of the paths' summed squared displacement (from the centre) in
    // the plane, and in each of its two directions.
    double explainedVariance = 0.0;
    std::vector<double> componentVariance;
    std::string pcaAlgorithm;
    landscape::LandscapeResult surface;  // on the plane (alpha, beta)

    // The points of one group, in order.
    std::vector<TrajectoryPoint> pathOf(const std::string& group) const;
    // Smallest and largest epochOrIndex() over the paths (0, 0 when empty).
    std::pair<double, double> epochRange() const;
};

}  // namespace modescape::trajectory
