#include "core/projection/GramMatrix.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "core/common/MemoryBudget.h"
#include "core/projection/TensorConversion.h"

namespace modescape::projection {

int64_t defaultBlockColumns(int64_t members) {
    constexpr int64_t kTargetBytes = 64ll << 20;
    return std::max<int64_t>(1, kTargetBytes / (8 * std::max<int64_t>(1, members)));
}

Eigen::MatrixXd doubleCentre(const Eigen::MatrixXd& gram) {
    const Eigen::VectorXd rowMeans = gram.rowwise().mean();
    const double totalMean = rowMeans.mean();
    Eigen::MatrixXd centred = gram;
    centred.colwise() -= rowMeans;
    centred.rowwise() -= rowMeans.transpose();
    centred.array() += totalMean;
    return 0.5 * (centred + centred.transpose());  // exact symmetry for the eigensolver
}

// Centring in one pass: with C = I - 11^T/N, X0 = C X, so G0 = C (X X^T) C.
// Forming X X^T directly loses digits when members share a large common part
// (checkpoints of one run differ by little), so each block is first shifted by
// member 0's row r: X' = X - 1 r^T. C X' = C X, hence G0 = C (X' X'^T) C, and
// the raw Gram is recovered as X X^T = X'X'^T + a 1^T + 1 a^T + |r|^2 with a = X' r.
GramMatrices computeGram(const MemberBlockSource& source, const JobContext& context,
                         int64_t blockColumns) {
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    if (blockColumns <= 0)
        blockColumns = defaultBlockColumns(n);
    // About six N x N float64 matrices live at once (the accumulator, its Eigen
    // copy, the centred and raw results and doubleCentre's temporaries), plus
    // a block and its float64 copy.
    const double nn = static_cast<double>(n) * static_cast<double>(n);
    requireMemory(6 * 8 * nn + 2 * 8 * static_cast<double>(n) * static_cast<double>(blockColumns),
                  "the Gram matrix of " + std::to_string(n) + " members");
    const at::Device device = torchDevice(context.device);
    const auto options = at::TensorOptions().dtype(at::kDouble).device(device);

    at::Tensor shiftedGram = at::zeros({n, n}, options);
    at::Tensor shiftedDotReference = at::zeros({n}, options);
    at::Tensor referenceNorm2 = at::zeros({}, options);
    for (int64_t d0 = 0; d0 < d; d0 += blockColumns) {
        context.checkCancelled();
        const int64_t d1 = std::min(d, d0 + blockColumns);
        // copy = true: the block is modified in place and may be a view of the caller's data.
        at::Tensor block = checkedBlock(source, d0, d1).to(device, at::kDouble, false, true);
        at::Tensor reference = block[0].clone();
        block.sub_(reference.unsqueeze(0));
        shiftedGram.addmm_(block, block.t());
        shiftedDotReference.addmv_(block, reference);
        referenceNorm2.add_(reference.dot(reference));
        context.report(double(d1) / double(d), "Gram matrix: " + std::to_string(d1) + " / " +
                                                   std::to_string(d) + " parameters");
    }

    return gramFromShifted(toEigen(shiftedGram), toEigenVector(shiftedDotReference),
                           referenceNorm2.item<double>());
}

GramMatrices gramFromShifted(const Eigen::MatrixXd& shifted, const Eigen::VectorXd& a, double r2) {
    GramMatrices result;
    result.centred = doubleCentre(shifted);
    result.raw = shifted;
    result.raw.colwise() += a;
    result.raw.rowwise() += a.transpose();
    result.raw.array() += r2;
    return result;
}

}  // namespace modescape::projection
