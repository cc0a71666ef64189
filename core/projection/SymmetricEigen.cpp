#include "core/projection/SymmetricEigen.h"

#include <cmath>
#include <random>

#include "core/common/Error.h"
#include "core/common/Log.h"

namespace modescape::projection {

namespace {

constexpr Eigen::Index kDenseLimit = 1500;

// Portable standard normal numbers (std::normal_distribution differs between libraries).
double normal(std::mt19937_64& rng) {
    const double u1 = (double(rng() >> 11) + 0.5) * 0x1.0p-53;
    const double u2 = double(rng() >> 11) * 0x1.0p-53;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

Eigenpairs dense(const Eigen::MatrixXd& a, int k, Eigen::VectorXd* allValues) {
    Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(a);
    if (solver.info() != Eigen::Success)
        throw InvalidArgument("eigendecomposition did not converge (matrix has NaN or Inf?)");
    Eigenpairs out;
    out.values = solver.eigenvalues().tail(k).reverse();
    out.vectors = solver.eigenvectors().rightCols(k).rowwise().reverse();
    if (allValues)
        *allValues = solver.eigenvalues().reverse();
    return out;
}

// Converges to the eigenvalues of largest magnitude: meant for (near) positive
// semi-definite matrices such as Gram matrices.
Eigenpairs subspaceIteration(const Eigen::MatrixXd& a, int k, uint64_t seed) {
    const Eigen::Index n = a.rows();
    const Eigen::Index width =
        std::min<Eigen::Index>(n, k + 10);  // oversampling speeds convergence
    std::mt19937_64 rng(seed);
    Eigen::MatrixXd q(n, width);
    for (Eigen::Index j = 0; j < width; ++j)
        for (Eigen::Index i = 0; i < n; ++i)
            q(i, j) = normal(rng);
    Eigen::VectorXd previous = Eigen::VectorXd::Zero(k);
    Eigenpairs out;
    for (int iteration = 0; iteration < 300; ++iteration) {
        Eigen::HouseholderQR<Eigen::MatrixXd> qr(a * q);
        q = qr.householderQ() * Eigen::MatrixXd::Identity(n, width);
        // Rayleigh-Ritz on the subspace gives the current estimates.
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> small(q.transpose() * a * q);
        out.values = small.eigenvalues().tail(k).reverse();
        out.vectors = q * small.eigenvectors().rightCols(k).rowwise().reverse();
        const double scale = std::max(out.values.cwiseAbs().maxCoeff(), 1e-300);
        if (iteration > 3 && (out.values - previous).cwiseAbs().maxCoeff() < 1e-12 * scale)
            break;
        previous = out.values;
    }
    return out;
}

}  // namespace

void fixSigns(Eigen::MatrixXd& vectors) {
    for (Eigen::Index j = 0; j < vectors.cols(); ++j) {
        Eigen::Index largest = 0;
        vectors.col(j).cwiseAbs().maxCoeff(&largest);  // Eigen returns the first maximum
        if (vectors(largest, j) < 0)
            vectors.col(j) *= -1.0;
    }
}

Eigenpairs leadingEigenpairs(const Eigen::MatrixXd& symmetric, int k, uint64_t seed,
                             Eigen::VectorXd* allValues) {
    if (symmetric.rows() != symmetric.cols() || symmetric.rows() == 0)
        throw InvalidArgument("eigendecomposition needs a non-empty square matrix");
    if (k < 1 || k > symmetric.rows())
        throw InvalidArgument("eigendecomposition: asked for " + std::to_string(k) +
                              " eigenpairs of a " + std::to_string(symmetric.rows()) +
                              "-row matrix");
    if (!symmetric.allFinite())
        throw InvalidArgument(
            "eigendecomposition: the matrix holds NaN or Inf (a member with "
            "non-finite parameters?)");
    Eigenpairs out = (symmetric.rows() <= kDenseLimit || allValues)
                         ? dense(symmetric, k, allValues)
                         : subspaceIteration(symmetric, k, seed);
    fixSigns(out.vectors);
    return out;
}

}  // namespace modescape::projection
