#include "core/projection/TsneObjective.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <limits>
#include <vector>

#include "core/projection/BarnesHutTree.h"
#include "core/projection/FftRepulsion.h"

namespace modescape::projection {

namespace {

constexpr double kMachineEpsilon = std::numeric_limits<double>::epsilon();

// With one degree of freedom (2-D embedding) the Student-t kernel is
// w_ij = 1 / (1 + |y_i - y_j|^2), q_ij = w_ij / Z, Z = sum_{k != l} w_kl, and
// dKL/dy_i = 4 sum_j (p_ij - q_ij) w_ij (y_i - y_j).
class ExactObjective : public TsneObjective {
  public:
    explicit ExactObjective(at::Tensor p)
        : p_(std::move(p)), logP_(p_.clamp_min(kMachineEpsilon).log()) {}

    at::Tensor gradient(const at::Tensor& y, double exaggeration) override {
        const at::Tensor w = weights(y);
        const at::Tensor pq = (p_ * exaggeration - w / w.sum()) * w;
        return 4.0 * (pq.sum(1, true) * y - at::mm(pq, y));
    }

    double klDivergence(const at::Tensor& y) override {
        const at::Tensor w = weights(y);
        const at::Tensor logQ = (w / w.sum()).clamp_min(kMachineEpsilon).log();
        return (p_ * (logP_ - logQ)).sum().item<double>();
    }

  private:
    static at::Tensor weights(const at::Tensor& y) {
        const at::Tensor squaredNorms = (y * y).sum(1);
        at::Tensor d2 =
            squaredNorms.unsqueeze(1) + squaredNorms.unsqueeze(0) - 2.0 * at::mm(y, y.t());
        at::Tensor w = d2.clamp_min_(0).add_(1.0).reciprocal_();
        w.fill_diagonal_(0.0);
        return w;
    }

    at::Tensor p_;
    at::Tensor logP_;
};

// grad_i = 4 (exaggeration sum_j p_ij w_ij (y_i - y_j) - repulsion_i / z), the
// attraction exact over the sparse P.
at::Tensor sparseGradient(const SparseAffinities& p, const double* xy, int64_t n,
                          double exaggeration, const double* repulsion, double z) {
    at::Tensor grad = at::empty({n, 2}, at::kDouble);
    double* g = grad.data_ptr<double>();
    at::parallel_for(0, n, 256, [&](int64_t begin, int64_t end) {
        for (int64_t i = begin; i < end; ++i) {
            double ax = 0, ay = 0;
            for (int64_t e = p.rowStart[size_t(i)]; e < p.rowStart[size_t(i + 1)]; ++e) {
                const int64_t j = p.column[size_t(e)];
                const double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
                const double pw = p.value[size_t(e)] / (1.0 + dx * dx + dy * dy);
                ax += pw * dx, ay += pw * dy;
            }
            g[2 * i] = 4.0 * (exaggeration * ax - repulsion[2 * i] / z);
            g[2 * i + 1] = 4.0 * (exaggeration * ay - repulsion[2 * i + 1] / z);
        }
    });
    return grad;
}

// KL(P || Q) over the pairs with p_ij > 0, given Z = sum_{k != l} w_kl.
double sparseKl(const SparseAffinities& p, const double* xy, int64_t n, double z) {
    double kl = 0;
    for (int64_t i = 0; i < n; ++i)
        for (int64_t e = p.rowStart[size_t(i)]; e < p.rowStart[size_t(i + 1)]; ++e) {
            const int64_t j = p.column[size_t(e)];
            const double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
            const double q = std::max(1.0 / (1.0 + dx * dx + dy * dy) / z, kMachineEpsilon);
            const double pij = p.value[size_t(e)];
            kl += pij * std::log(std::max(pij, kMachineEpsilon) / q);
        }
    return kl;
}

// Attraction over the sparse P exactly; repulsion (the w_ij^2 terms and Z) from the quadtree.
class BarnesHutObjective : public TsneObjective {
  public:
    BarnesHutObjective(SparseAffinities p, double theta) : p_(std::move(p)), theta_(theta) {}

    at::Tensor gradient(const at::Tensor& yIn, double exaggeration) override {
        const at::Tensor y = yIn.to(at::kCPU, at::kDouble).contiguous();
        const double* xy = y.data_ptr<double>();
        const int64_t n = y.size(0);
        const BarnesHutTree tree(xy, n);
        std::vector<double> repulsion(size_t(2 * n), 0.0), z(size_t(n), 0.0);
        at::parallel_for(0, n, 64, [&](int64_t begin, int64_t end) {
            for (int64_t i = begin; i < end; ++i)
                z[size_t(i)] = tree.repulsion(i, theta_, &repulsion[size_t(2 * i)]);
        });
        double totalZ = 0;
        for (double zi : z)
            totalZ += zi;  // in index order: deterministic
        const at::Tensor grad = sparseGradient(p_, xy, n, exaggeration, repulsion.data(), totalZ);
        lastZ_ = totalZ;
        return grad.to(yIn.device());
    }

    // Only pairs with p_ij > 0 contribute; Z is summed exactly (O(N^2), chunked)
    // up to 20,000 points, and taken from the last quadtree pass above.
    double klDivergence(const at::Tensor& yIn) override {
        const at::Tensor y = yIn.to(at::kCPU, at::kDouble).contiguous();
        const int64_t n = y.size(0);
        double z = lastZ_;
        if (n <= 20000 || z <= 0) {
            z = 0;
            for (int64_t r0 = 0; r0 < n; r0 += 1024) {
                const at::Tensor d2 =
                    at::cdist(y.slice(0, r0, std::min(n, r0 + 1024)), y).square_();
                z += d2.add_(1.0).reciprocal_().sum().item<double>();
            }
            z -= double(n);  // the diagonal terms, w_ii = 1
        }
        return sparseKl(p_, y.data_ptr<double>(), n, z);
    }

  private:
    SparseAffinities p_;
    double theta_;
    double lastZ_ = 0;
};

// Attraction over the sparse P exactly; repulsion and Z by FFT-accelerated interpolation.
class FftObjective : public TsneObjective {
  public:
    FftObjective(SparseAffinities p, FftRepulsionSettings settings)
        : p_(std::move(p)), settings_(settings) {}

    at::Tensor gradient(const at::Tensor& yIn, double exaggeration) override {
        const at::Tensor y = yIn.to(at::kCPU, at::kDouble).contiguous();
        const double* xy = y.data_ptr<double>();
        const int64_t n = y.size(0);
        const FftRepulsionResult r = fftRepulsion(xy, n, settings_);
        return sparseGradient(p_, xy, n, exaggeration, r.force.data(), r.z).to(yIn.device());
    }

    // Z from the same interpolation (docs/definitions.md gives its accuracy).
    double klDivergence(const at::Tensor& yIn) override {
        const at::Tensor y = yIn.to(at::kCPU, at::kDouble).contiguous();
        const int64_t n = y.size(0);
        const double z = fftRepulsion(y.data_ptr<double>(), n, settings_).z;
        return sparseKl(p_, y.data_ptr<double>(), n, z);
    }

  private:
    SparseAffinities p_;
    FftRepulsionSettings settings_;
};

}  // namespace

std::unique_ptr<TsneObjective> makeExactObjective(at::Tensor p) {
    return std::make_unique<ExactObjective>(std::move(p));
}

std::unique_ptr<TsneObjective> makeBarnesHutObjective(SparseAffinities p, double theta) {
    return std::make_unique<BarnesHutObjective>(std::move(p), theta);
}

std::unique_ptr<TsneObjective> makeFftObjective(SparseAffinities p,
                                                const FftRepulsionSettings& settings) {
    return std::make_unique<FftObjective>(std::move(p), settings);
}

}  // namespace modescape::projection
