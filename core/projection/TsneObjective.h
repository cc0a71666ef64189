#pragma once
// Internal to t-SNE: the KL objective's gradient, exact (dense, on the job's
// device), Barnes-Hut (sparse P + quadtree, CPU) or FFT-interpolated (sparse P, CPU). Includes
// ATen: .cpp only.

#include <ATen/ATen.h>

#include <memory>

#include "core/projection/FftRepulsion.h"
#include "core/projection/TsneAffinities.h"

namespace modescape::projection {

class TsneObjective {
  public:
    virtual ~TsneObjective() = default;
    // Gradient of KL(exaggeration * P || Q) with respect to y ([N, 2] float64).
    virtual at::Tensor gradient(const at::Tensor& y, double exaggeration) = 0;
    // KL(P || Q) for the un-exaggerated P at y, Z summed exactly (the sparse
    // methods take their own Z above kExactKlMaxPoints points).
    virtual double klDivergence(const at::Tensor& y) = 0;

    // The optimiser's path, on plain arrays: y and grad are row-major [n, 2]
    // float64 on the CPU. Writes the gradient of KL(exaggeration * P || Q);
    // when wantKl, returns KL(P || Q) at y with this evaluation's Z (as
    // scikit-learn reports it), else NaN. The default goes through gradient().
    virtual double gradientAt(const double* y, int64_t n, double exaggeration, double* grad,
                              bool wantKl);
};

// Up to this many points the sparse methods' klDivergence sums Z over all pairs.
inline constexpr int64_t kExactKlMaxPoints = 50000;

// p: dense N x N joint probabilities, already on the device y will live on.
std::unique_ptr<TsneObjective> makeExactObjective(at::Tensor p);
std::unique_ptr<TsneObjective> makeBarnesHutObjective(SparseAffinities p, double theta);
std::unique_ptr<TsneObjective> makeFftObjective(SparseAffinities p,
                                                const FftRepulsionSettings& settings);

}  // namespace modescape::projection
