#pragma once
// The parametrisation theta(t) of a path through control points theta_0 = A,
// ..., theta_{n-1} = B (n = bends), for any architecture: each weight of
// theta(t) is the tensor expression sum_k c_k(t) theta_k, so autograd flows
// to the middle bends during training (functional substitution, no layer is
// rewritten). Internal to core (LibTorch types).
//   Bezier:    c_k(t) = C(n-1, k) t^k (1 - t)^(n-1-k)
//   polychain: c_k(t) = max(0, 1 - |t (n-1) - k|), the hat functions
//   linear / aligned: the two-point case, c = (1 - t, t)

#include <vector>

#include "core/connectivity/PathSettings.h"
#include "core/model/ParameterSet.h"

namespace modescape::connectivity {

// The n weights c_k(t), t in [0, 1]. Exactly (1, 0, ..., 0) at t = 0 and
// (0, ..., 0, 1) at t = 1; with n = 2 every kind gives exactly (1 - t, t).
std::vector<double> curveCoefficients(PathKind kind, int bends, double t);

class PathCurve {
  public:
    // Throws InvalidArgument for fewer than 2 points, ShapeMismatch when the
    // points do not share names and shapes.
    PathCurve(PathKind kind, std::vector<model::ParameterSet> points);

    // A to B with the middle bends on the straight line (theta_k = A + k/(n-1) (B - A)),
    // the initialisation of Garipov et al. Linear / aligned paths get 2 points.
    static PathCurve throughLine(PathKind kind, int bends, const model::ParameterSet& a,
                                 const model::ParameterSet& b);

    PathKind kind() const { return kind_; }
    int bends() const { return static_cast<int>(points_.size()); }
    const std::vector<model::ParameterSet>& points() const { return points_; }
    std::vector<model::ParameterSet>& points() { return points_; }

    // theta(t). Terms with c_k = 0 are skipped and a lone c_k = 1 returns
    // theta_k's parameter tensor itself, so theta(0) == A and theta(1) == B
    // bit for bit. Buffers are always fresh tensors (train-mode BatchNorm may
    // update them in place); integer buffers come from A.
    model::ParameterSet weightsAt(double t) const;

  private:
    PathKind kind_;
    std::vector<model::ParameterSet> points_;
};

}  // namespace modescape::connectivity
