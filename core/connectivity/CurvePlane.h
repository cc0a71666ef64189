#pragma once
// The plane through A, B and a curve's middle bend (the figure of Garipov et
// al. 2018), and where a point of weight space lands on it. Pure math on
// flattened weights (no LibTorch), with the conventions of the landscape's
// Plane directions (core/landscape/MemberDirections.h):
//   origin = A, u = B - A, v = (C - A) minus its u component, rescaled to ||u||,
// so A is at (0, 0), B at (1, 0) and C at (cx, cy) with cy > 0.

#include <Eigen/Core>

namespace modescape::connectivity {

struct WeightPlane {
    Eigen::VectorXd origin;  // A
    Eigen::VectorXd u;       // B - A
    Eigen::VectorXd v;       // orthogonal to u, ||v|| = ||u||
};

// Throws InvalidArgument when the sizes differ, B == A, or C lies on the line
// through A and B (no plane).
WeightPlane planeThroughPoints(const Eigen::VectorXd& a, const Eigen::VectorXd& b,
                               const Eigen::VectorXd& c);

// The plane coordinates (x, y) of the orthogonal projection of p:
// p - origin ~ x u + y v. Exact for points of the plane. Throws
// InvalidArgument when p's size differs from the plane's.
Eigen::Vector2d planeCoordinates(const WeightPlane& plane, const Eigen::VectorXd& p);

}  // namespace modescape::connectivity
