#include "core/hessian/Lanczos.h"

#include <ATen/ATen.h>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <cmath>

#include "core/data/SeededRandom.h"

namespace modescape::hessian {
namespace {

// Below this fraction of the operator's scale a new Lanczos vector is
// rounding noise: the Krylov space is invariant.
constexpr double kBreakdown = 1e-10;

// The Krylov basis as rows of one matrix, and the tridiagonal matrix T.
class Krylov {
  public:
    Krylov(const LinearOperator& op, const at::Tensor& start, int capacity)
        : op_(op), basis_(at::zeros({capacity, start.numel()}, start.options())), next_(start) {}

    int size() const { return static_cast<int>(alpha_.size()); }
    at::Tensor rows() const { return basis_.narrow(0, 0, size()); }

    // One product: appends the current vector, returns the norm of what is
    // left of its image after removing every basis direction (T's next
    // off-diagonal; ~0 when the space is invariant).
    double step() {
        basis_[size()].copy_(next_);
        at::Tensor w = op_(next_);
        alpha_.push_back(w.dot(next_).item<double>());
        scale_ = std::max(scale_, std::abs(alpha_.back()));
        // Full reorthogonalisation, twice ("twice is enough"): keeps the basis
        // orthonormal to rounding, so no ghost copies of converged eigenvalues.
        const at::Tensor r = rows();
        for (int pass = 0; pass < 2; ++pass)
            w -= r.t().mv(r.mv(w));
        const double norm = w.norm().item<double>();
        scale_ = std::max(scale_, norm);
        next_ = norm > 0 ? w / norm : w;
        return norm;
    }

    bool invariant(double norm) const { return norm <= kBreakdown * std::max(scale_, 1e-300); }

    // Continues from `fresh` made orthogonal to the basis (after an invariant
    // subspace); T gets a zero coupling there.
    void restart(at::Tensor fresh) {
        const at::Tensor r = rows();
        for (int pass = 0; pass < 2; ++pass)
            fresh -= r.t().mv(r.mv(fresh));
        next_ = fresh / fresh.norm();
        beta_.push_back(0.0);
    }
    void couple(double norm) { beta_.push_back(norm); }

    // Eigen-decomposition of T (ascending eigenvalues).
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> tridiagonalEigen() const {
        const int m = size();
        Eigen::MatrixXd t = Eigen::MatrixXd::Zero(m, m);
        for (int i = 0; i < m; ++i) {
            t(i, i) = alpha_[static_cast<std::size_t>(i)];
            if (i + 1 < m)
                t(i, i + 1) = t(i + 1, i) = beta_[static_cast<std::size_t>(i)];
        }
        return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(t);
    }

  private:
    const LinearOperator& op_;
    at::Tensor basis_, next_;
    std::vector<double> alpha_, beta_;
    double scale_ = 0.0;
};

at::Tensor seeded(std::int64_t dimension, std::uint64_t seed, const at::TensorOptions& options,
                  bool signs) {
    data::SeededRandom random(seed);
    at::Tensor v = at::empty({dimension}, at::kDouble);
    double* p = v.data_ptr<double>();
    for (std::int64_t i = 0; i < dimension; ++i)
        p[i] = signs ? (random.uniform() < 0.5 ? -1.0 : 1.0) : random.normal();
    return v.to(options);
}

}  // namespace

at::Tensor seededNormal(std::int64_t dimension, std::uint64_t seed,
                        const at::TensorOptions& options) {
    return seeded(dimension, seed, options, false);
}

at::Tensor seededSigns(std::int64_t dimension, std::uint64_t seed,
                       const at::TensorOptions& options) {
    return seeded(dimension, seed, options, true);
}

Eigenpairs topEigenpairs(const LinearOperator& op, std::int64_t dimension,
                         const at::TensorOptions& options, const LanczosOptions& lanczos,
                         const StepCallback& onStep) {
    const int capacity = static_cast<int>(std::min<std::int64_t>(lanczos.maxSteps, dimension));
    const int wanted = std::min(lanczos.wanted, capacity);
    at::Tensor start = seededNormal(dimension, lanczos.seed, options);
    Krylov krylov(op, start / start.norm(), capacity);
    std::uint64_t restarts = 0;
    Eigenpairs result;
    while (true) {
        const double norm = krylov.step();
        const int m = krylov.size();
        if (onStep)
            onStep(m);
        const bool last = m == capacity;
        if (m >= wanted) {
            const auto eigen = krylov.tridiagonalEigen();
            const Eigen::VectorXd& theta = eigen.eigenvalues();
            const Eigen::MatrixXd& s = eigen.eigenvectors();
            const double scale = std::max(std::abs(theta(0)), std::abs(theta(m - 1)));
            std::vector<double> residuals;
            bool converged = true;
            for (int i = 0; i < wanted; ++i) {
                // |H y - theta y| = |beta_m s_{m,i}| for the Ritz pair (theta_i, y = V s_i).
                residuals.push_back(norm * std::abs(s(m - 1, m - 1 - i)));
                converged = converged && residuals.back() <= lanczos.tolerance * scale;
            }
            // An invariant Krylov space gives exact Ritz pairs, but a repeated
            // eigenvalue has only one copy in it: go on from a fresh vector.
            if ((converged && !krylov.invariant(norm)) || last) {
                const at::Tensor rows = krylov.rows();
                for (int i = 0; i < wanted; ++i) {
                    const int k = m - 1 - i;
                    at::Tensor coefficients = at::empty({m}, at::kDouble);
                    for (int r = 0; r < m; ++r)
                        coefficients[r] = s(r, k);
                    const at::Tensor y = rows.t().mv(coefficients.to(options));
                    result.values.push_back(theta(k));
                    result.vectors.push_back(y / y.norm());
                }
                result.residuals = residuals;
                result.steps = m;
                result.converged = converged;
                return result;
            }
        }
        if (krylov.invariant(norm))
            krylov.restart(seededNormal(dimension, lanczos.seed + ++restarts, options));
        else
            krylov.couple(norm);
    }
}

Quadrature lanczosQuadrature(const LinearOperator& op, const at::Tensor& start, int steps,
                             const StepCallback& onStep) {
    const int capacity = static_cast<int>(std::min<std::int64_t>(steps, start.numel()));
    Krylov krylov(op, start / start.norm(), capacity);
    while (krylov.size() < capacity) {
        const double norm = krylov.step();
        if (onStep)
            onStep(krylov.size());
        if (krylov.invariant(norm))
            break;
        krylov.couple(norm);
    }
    const auto eigen = krylov.tridiagonalEigen();
    Quadrature q;
    for (int i = 0; i < krylov.size(); ++i) {
        q.nodes.push_back(eigen.eigenvalues()(i));
        q.weights.push_back(eigen.eigenvectors()(0, i) * eigen.eigenvectors()(0, i));
    }
    return q;
}

}  // namespace modescape::hessian
