#include "core/connectivity/CurvePlane.h"

#include <cmath>
#include <string>

#include "core/common/Error.h"

namespace modescape::connectivity {

WeightPlane planeThroughPoints(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                               const Eigen::VectorXd& c) {
    if (a.size() != b.size() || a.size() != c.size())
        throw InvalidArgument("curve plane: A, B and the bend have " + std::to_string(a.size()) +
                              ", " + std::to_string(b.size()) + " and " + std::to_string(c.size()) +
                              " weights");
    WeightPlane plane;
    plane.origin = a;
    plane.u = b - a;
    const double uu = plane.u.squaredNorm();
    if (uu == 0.0)
        throw InvalidArgument("curve plane: A and B are identical, so they span no plane");
    const Eigen::VectorXd w = c - a;
    const Eigen::VectorXd orthogonal = w - (w.dot(plane.u) / uu) * plane.u;  // Gram-Schmidt
    const double norm = orthogonal.norm();
    // Relative test: a bend left on the straight line (an untrained curve) has
    // only rounding error off it.
    if (norm <= 1e-9 * std::sqrt(uu))
        throw InvalidArgument(
            "curve plane: the bend lies on the line through A and B (is the curve trained?)");
    plane.v = orthogonal * (std::sqrt(uu) / norm);
    return plane;
}

Eigen::Vector2d planeCoordinates(const WeightPlane& plane, const Eigen::VectorXd& p) {
    if (p.size() != plane.origin.size())
        throw InvalidArgument("curve plane: a point with " + std::to_string(p.size()) +
                              " weights on a plane of " + std::to_string(plane.origin.size()));
    const Eigen::VectorXd d = p - plane.origin;
    // u and v are orthogonal, so the least-squares coordinates separate.
    return {d.dot(plane.u) / plane.u.squaredNorm(), d.dot(plane.v) / plane.v.squaredNorm()};
}

}  // namespace modescape::connectivity
