#include "core/projection/TsneObjective.h"

#include "core/common/ParallelFor.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "core/projection/BarnesHutTree.h"
#include "core/projection/FftRepulsion.h"
#include "core/projection/TsneLanes.h"

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

    double gradientAt(const double* y, int64_t n, double exaggeration, double* grad,
                      bool wantKl) override {
        const at::Tensor yt =
            at::from_blob(const_cast<double*>(y), {n, 2}, at::kDouble).to(p_.device());
        const at::Tensor g = gradient(yt, exaggeration).to(at::kCPU, at::kDouble).contiguous();
        std::copy(g.data_ptr<double>(), g.data_ptr<double>() + 2 * n, grad);
        return wantKl ? klDivergence(yt) : std::numeric_limits<double>::quiet_NaN();
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

// P in compressed rows with 32-bit columns (less to stream every iteration).
struct CompactAffinities {
    std::vector<int64_t> rowStart;
    std::vector<int32_t> column;
    std::vector<double> value;
    std::vector<float> singleValue;  // value in float32, for the attraction's lanes

    explicit CompactAffinities(const SparseAffinities& p)
        : rowStart(p.rowStart),
          column(p.column.begin(), p.column.end()),
          value(p.value),
          singleValue(p.value.begin(), p.value.end()) {}
    int64_t rows() const { return int64_t(rowStart.size()) - 1; }
};

// Sum of f(begin, end) over 64 fixed row chunks, in parallel and added in chunk
// order: the same bits for any thread count.
template <typename F>
double chunkedSum(int64_t n, F&& f) {
    constexpr int64_t kChunks = 64;
    std::vector<double> part(size_t(kChunks), 0.0);
    const int64_t per = (n + kChunks - 1) / kChunks;
    at::parallel_for(0, kChunks, 1, [&](int64_t c0, int64_t c1) {
        for (int64_t c = c0; c < c1; ++c)
            part[size_t(c)] = f(std::min(n, c * per), std::min(n, (c + 1) * per));
    });
    double total = 0;
    for (double v : part)
        total += v;
    return total;
}

// sum_e p_e w_e (dx_e, dy_e), w_e = 1 / (1 + dx_e^2 + dy_e^2), over float32
// lanes (count a multiple of the lane width, padding with p = 0).
MODESCAPE_TSNE_CLONES
void attractionLanes(const float* dx, const float* dy, const float* p, size_t count,
                     double out[2]) {
    using lanes::Float8;
    Float8 ax = {}, ay = {};
    for (size_t e = 0; e < count; e += lanes::kWidth) {
        Float8 x, y, pe;
        lanes::load(x, dx + e), lanes::load(y, dy + e), lanes::load(pe, p + e);
        const Float8 pw = pe / (1.0f + x * x + y * y);
        ax += pw * x, ay += pw * y;
    }
    out[0] = lanes::total(ax), out[1] = lanes::total(ay);
}

// grad_i = 4 (exaggeration sum_j p_ij w_ij (y_i - y_j) - repulsion_i / z), the
// attraction exact over the sparse P, one pass over its rows in parallel. With
// `single` the kernel runs in float32 lanes on offsets gathered per row (for an
// approximate repulsion, whose error is far larger than float32's).
void sparseGradient(const CompactAffinities& p, const double* xy, double exaggeration,
                    const double* repulsion, double z, double* g, bool single) {
    at::parallel_for(0, p.rows(), 256, [&](int64_t begin, int64_t end) {
        std::vector<float> dxs, dys, ps;
        for (int64_t i = begin; i < end; ++i) {
            const double xi = xy[2 * i], yi = xy[2 * i + 1];
            const int64_t e0 = p.rowStart[size_t(i)], e1 = p.rowStart[size_t(i + 1)];
            double a[2] = {0, 0};
            if (single) {
                const auto count = size_t(e1 - e0);
                const size_t padded = (count + lanes::kWidth - 1) / lanes::kWidth * lanes::kWidth;
                dxs.assign(padded, 0.0f), dys.assign(padded, 0.0f), ps.assign(padded, 0.0f);
                for (size_t c = 0; c < count; ++c) {
                    const int64_t j = p.column[size_t(e0) + c];
                    dxs[c] = float(xi - xy[2 * j]), dys[c] = float(yi - xy[2 * j + 1]);
                }
                std::copy(p.singleValue.begin() + e0, p.singleValue.begin() + e1, ps.begin());
                attractionLanes(dxs.data(), dys.data(), ps.data(), padded, a);
            } else {
                for (int64_t e = e0; e < e1; ++e) {
                    const int64_t j = p.column[size_t(e)];
                    const double dx = xi - xy[2 * j], dy = yi - xy[2 * j + 1];
                    const double pw = p.value[size_t(e)] / (1.0 + dx * dx + dy * dy);
                    a[0] += pw * dx, a[1] += pw * dy;
                }
            }
            g[2 * i] = 4.0 * (exaggeration * a[0] - repulsion[2 * i] / z);
            g[2 * i + 1] = 4.0 * (exaggeration * a[1] - repulsion[2 * i + 1] / z);
        }
    });
}

// KL(P || Q) over the pairs with p_ij > 0, given Z = sum_{k != l} w_kl.
double sparseKl(const CompactAffinities& p, const double* xy, double z) {
    return chunkedSum(p.rows(), [&](int64_t begin, int64_t end) {
        double kl = 0;
        for (int64_t i = begin; i < end; ++i)
            for (int64_t e = p.rowStart[size_t(i)]; e < p.rowStart[size_t(i + 1)]; ++e) {
                const int64_t j = p.column[size_t(e)];
                const double dx = xy[2 * i] - xy[2 * j], dy = xy[2 * i + 1] - xy[2 * j + 1];
                const double q = std::max(1.0 / (1.0 + dx * dx + dy * dy) / z, kMachineEpsilon);
                const double pij = p.value[size_t(e)];
                kl += pij * std::log(std::max(pij, kMachineEpsilon) / q);
            }
        return kl;
    });
}

// Z = sum_{i != j} w_ij over all pairs: 2 sum_{i < j}, rows dealt round-robin
// to 64 chunks so that the triangle's rows balance.
double exactZ(const double* xy, int64_t n) {
    std::vector<double> xs(static_cast<size_t>(n)), ys(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i)
        xs[size_t(i)] = xy[2 * i], ys[size_t(i)] = xy[2 * i + 1];
    constexpr int64_t kChunks = 64;
    std::vector<double> part(size_t(kChunks), 0.0);
    at::parallel_for(0, kChunks, 1, [&](int64_t c0, int64_t c1) {
        for (int64_t c = c0; c < c1; ++c) {
            double s = 0;
            for (int64_t i = c; i < n; i += kChunks) {
                const double xi = xs[size_t(i)], yi = ys[size_t(i)];
                double row = 0;
                for (int64_t j = i + 1; j < n; ++j) {
                    const double dx = xi - xs[size_t(j)], dy = yi - ys[size_t(j)];
                    row += 1.0 / (1.0 + dx * dx + dy * dy);
                }
                s += row;
            }
            part[size_t(c)] = s;
        }
    });
    double total = 0;
    for (double v : part)
        total += v;
    return 2 * total;
}

constexpr double kNoKl = std::numeric_limits<double>::quiet_NaN();

// The sparse methods share the attraction and the KL; they differ in the
// repulsion, which returns Z and fills sum_j w_ij^2 (y_i - y_j) per point.
class SparseObjective : public TsneObjective {
  public:
    // single: the attraction in float32 lanes (see sparseGradient).
    SparseObjective(const SparseAffinities& p, bool single) : p_(p), single_(single) {}

    double gradientAt(const double* y, int64_t n, double exaggeration, double* grad,
                      bool wantKl) override {
        repulsion_.resize(size_t(2 * n));
        const double z = repulsion(y, n, repulsion_.data());
        sparseGradient(p_, y, exaggeration, repulsion_.data(), z, grad, single_);
        return wantKl ? sparseKl(p_, y, z) : kNoKl;
    }

    at::Tensor gradient(const at::Tensor& yIn, double exaggeration) override {
        const at::Tensor y = yIn.to(at::kCPU, at::kDouble).contiguous();
        at::Tensor grad = at::empty_like(y);
        gradientAt(y.data_ptr<double>(), y.size(0), exaggeration, grad.data_ptr<double>(), false);
        return grad.to(yIn.device());
    }

    double klDivergence(const at::Tensor& yIn) override {
        const at::Tensor y = yIn.to(at::kCPU, at::kDouble).contiguous();
        const int64_t n = y.size(0);
        const double* xy = y.data_ptr<double>();
        double z = 0;
        if (n <= kExactKlMaxPoints) {
            z = exactZ(xy, n);
        } else {
            repulsion_.resize(size_t(2 * n));
            z = repulsion(xy, n, repulsion_.data());
        }
        return sparseKl(p_, xy, z);
    }

  protected:
    virtual double repulsion(const double* y, int64_t n, double* force) = 0;

  private:
    CompactAffinities p_;
    bool single_;
    std::vector<double> repulsion_;
};

// Repulsion (the w_ij^2 terms and Z) from the quadtree.
class BarnesHutObjective : public SparseObjective {
  public:
    BarnesHutObjective(const SparseAffinities& p, double theta)
        : SparseObjective(p, theta > 0), theta_(theta) {}

  protected:
    double repulsion(const double* y, int64_t n, double* force) override {
        return BarnesHutTree(y, n).repulsionOfAll(theta_, force);
    }

  private:
    double theta_;
};

// Repulsion and Z by FFT-accelerated interpolation (kernel spectra kept between iterations).
class FftObjective : public SparseObjective {
  public:
    FftObjective(const SparseAffinities& p, const FftRepulsionSettings& settings)
        : SparseObjective(p, false), repulsion_(settings) {}

  protected:
    double repulsion(const double* y, int64_t n, double* force) override {
        return repulsion_(y, n, force);
    }

  private:
    FftRepulsion repulsion_;
};

}  // namespace

double TsneObjective::gradientAt(const double* y, int64_t n, double exaggeration, double* grad,
                                 bool wantKl) {
    const at::Tensor yt = at::from_blob(const_cast<double*>(y), {n, 2}, at::kDouble);
    const at::Tensor g = gradient(yt, exaggeration).to(at::kCPU, at::kDouble).contiguous();
    std::copy(g.data_ptr<double>(), g.data_ptr<double>() + 2 * n, grad);
    return wantKl ? klDivergence(yt) : kNoKl;
}

std::unique_ptr<TsneObjective> makeExactObjective(at::Tensor p) {
    return std::make_unique<ExactObjective>(std::move(p));
}

std::unique_ptr<TsneObjective> makeBarnesHutObjective(SparseAffinities p, double theta) {
    return std::make_unique<BarnesHutObjective>(p, theta);
}

std::unique_ptr<TsneObjective> makeFftObjective(SparseAffinities p,
                                                const FftRepulsionSettings& settings) {
    return std::make_unique<FftObjective>(p, settings);
}

}  // namespace modescape::projection
