#include "core/projection/Distances.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/SymmetricEigen.h"
#include "core/projection/TensorConversion.h"

namespace modescape::projection {

namespace {

void requireSquare(const Eigen::MatrixXd& m, const char* what) {
    if (m.rows() != m.cols() || m.rows() == 0)
        throw InvalidArgument(std::string(what) + ": expected a non-empty square matrix, got " +
                              std::to_string(m.rows()) + " x " + std::to_string(m.cols()));
}

}  // namespace

Eigen::MatrixXd euclideanDistancesFromGram(const Eigen::MatrixXd& gram) {
    requireSquare(gram, "Euclidean distances");
    const Eigen::VectorXd diag = gram.diagonal();
    Eigen::MatrixXd d2 = (-2.0 * gram).colwise() + diag;
    d2.rowwise() += diag.transpose();
    Eigen::MatrixXd d = d2.cwiseMax(0.0).cwiseSqrt();
    d.diagonal().setZero();
    return 0.5 * (d + d.transpose());
}

Eigen::MatrixXd cosineDistancesFromGram(const Eigen::MatrixXd& rawGram) {
    requireSquare(rawGram, "cosine distances");
    const Eigen::Index n = rawGram.rows();
    Eigen::VectorXd norms = rawGram.diagonal().cwiseMax(0.0).cwiseSqrt();
    for (Eigen::Index i = 0; i < n; ++i)
        if (!(norms(i) > 0))
            throw InvalidArgument("cosine distance: member " + std::to_string(i) +
                                  " is the zero vector (no direction); use Euclidean distances or "
                                  "exclude it");
    Eigen::MatrixXd d = 1.0 - (rawGram.array() / (norms * norms.transpose()).array());
    d = d.cwiseMax(0.0).cwiseMin(2.0);
    d.diagonal().setZero();
    return 0.5 * (d + d.transpose());
}

MemberDistances computeMemberDistances(const MemberBlockSource& source, const JobContext& context,
                                       int64_t blockColumns) {
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    if (blockColumns <= 0)
        blockColumns = defaultBlockColumns(n);
    // at::cdist with p = 1 materialises [N, N, b] on some builds: keep b moderate.
    blockColumns = std::min<int64_t>(blockColumns, 4096);
    const at::Device device = torchDevice(context.device);
    at::Tensor squared = at::zeros({n, n}, at::TensorOptions().dtype(at::kDouble).device(device));
    at::Tensor manhattan = at::zeros_like(squared);
    for (int64_t d0 = 0; d0 < d; d0 += blockColumns) {
        context.checkCancelled();
        const int64_t d1 = std::min(d, d0 + blockColumns);
        at::Tensor block = checkedBlock(source, d0, d1).to(device, at::kDouble).contiguous();
        // Differences, not the Gram trick: exact even when members nearly coincide.
        squared.add_(at::cdist(block, block, 2.0, /*donot_use_mm*/ 2).square_());
        manhattan.add_(at::cdist(block, block, 1.0));
        context.report(double(d1) / double(d), "distances: " + std::to_string(d1) + " / " +
                                                   std::to_string(d) + " parameters");
    }
    MemberDistances out{toEigen(squared), toEigen(manhattan)};
    out.squaredEuclidean.diagonal().setZero();
    out.manhattan.diagonal().setZero();
    return out;
}

MemberDistances memberDistances(const Eigen::MatrixXd& rows) {
    if (rows.rows() == 0 || rows.cols() == 0)
        throw InvalidArgument("member distances: no vectors given");
    const Eigen::Index n = rows.rows();
    MemberDistances out{Eigen::MatrixXd::Zero(n, n), Eigen::MatrixXd::Zero(n, n)};
    for (Eigen::Index i = 0; i < n; ++i)
        for (Eigen::Index j = i + 1; j < n; ++j) {
            const Eigen::VectorXd diff = (rows.row(i) - rows.row(j)).transpose();
            out.squaredEuclidean(i, j) = out.squaredEuclidean(j, i) = diff.squaredNorm();
            out.manhattan(i, j) = out.manhattan(j, i) = diff.lpNorm<1>();
        }
    return out;
}

MdsResult classicalMds(const Eigen::MatrixXd& distances, int dimensions) {
    requireSquare(distances, "classical MDS");
    const Eigen::Index n = distances.rows();
    if (!distances.allFinite())
        throw InvalidArgument("classical MDS: the distance matrix holds NaN or Inf");
    if ((distances - distances.transpose()).cwiseAbs().maxCoeff() >
        1e-9 * std::max(1.0, distances.cwiseAbs().maxCoeff()))
        throw InvalidArgument("classical MDS: the distance matrix is not symmetric");
    if (n < 2)
        throw InvalidArgument("classical MDS needs at least two points");
    const int k = std::clamp<int>(dimensions, 1, int(n - 1));

    const Eigen::MatrixXd b = -0.5 * doubleCentre(distances.cwiseAbs2());
    const Eigenpairs pairs = leadingEigenpairs(b, k);

    MdsResult result;
    result.coordinates = pairs.vectors;
    for (int j = 0; j < k; ++j) {
        const double lambda = pairs.values(j);
        result.eigenvalues.push_back(lambda);
        result.coordinates.col(j) *= lambda > 0 ? std::sqrt(lambda) : 0.0;
    }
    if (n <= 1500) {
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> all(b, Eigen::EigenvaluesOnly);
        const double absMass = all.eigenvalues().cwiseAbs().sum();
        const double negMass = (-all.eigenvalues()).cwiseMax(0.0).sum();
        result.negativeEigenvalueMass = absMass > 0 ? negMass / absMass : 0.0;
    }
    return result;
}

}  // namespace modescape::projection
