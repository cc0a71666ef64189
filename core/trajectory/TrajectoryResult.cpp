#include "core/trajectory/TrajectoryResult.h"

#include <algorithm>

namespace modescape::trajectory {

std::vector<TrajectoryPoint> TrajectoryResult::pathOf(const std::string& group) const {
    std::vector<TrajectoryPoint> points;
    for (const auto& p : path)
        if (p.group == group)
            points.push_back(p);
    return points;
}

std::pair<double, double> TrajectoryResult::epochRange() const {
    if (path.empty())
        return {0.0, 0.0};
    double lo = path.front().epochOrIndex(), hi = lo;
    for (const auto& p : path) {
        lo = std::min(lo, p.epochOrIndex());
        hi = std::max(hi, p.epochOrIndex());
    }
    return {lo, hi};
}

}  // namespace modescape::trajectory
