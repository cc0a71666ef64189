#include "core/projection/GramMatrix.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "core/common/MemoryBudget.h"
#include "core/projection/BlockPipeline.h"
#include "core/projection/GramKernels.h"
#include "core/projection/ShiftedBlock.h"
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
namespace {

struct ShiftedSums {
    at::Tensor gram;  // X' X'^T, float64
    at::Tensor a;     // X' r
    double r2 = 0;    // |r|^2
};

// Adds one block in float64 (copy = true: the block is modified in place and
// may be a view of the caller's data).
void addDenseBlock(const at::Tensor& raw, ShiftedSums& sums) {
    at::Tensor block = raw.to(sums.gram.device(), at::kDouble, false, true);
    const at::Tensor reference = block[0].clone();
    block.sub_(reference.unsqueeze(0));
    sums.gram.addmm_(block, block.t());
    sums.a.addmv_(block, reference);
    sums.r2 += reference.dot(reference).item<double>();
}

void reportBlock(const JobContext& context, int64_t d1, int64_t d) {
    context.report(double(d1) / double(d), "Gram matrix: " + std::to_string(d1) + " / " +
                                               std::to_string(d) + " parameters");
}

void requireGramMemory(int64_t n, int64_t blockColumns, double bytesPerValue) {
    // About six N x N float64 matrices live at once (the accumulator, its Eigen
    // copy, the centred and raw results and doubleCentre's temporaries), plus
    // the blocks in flight.
    const double nn = static_cast<double>(n) * static_cast<double>(n);
    requireMemory(6 * 8 * nn + bytesPerValue * static_cast<double>(n) * double(blockColumns),
                  "the Gram matrix of " + std::to_string(n) + " members");
}

}  // namespace

GramMatrices computeGramDense(const MemberBlockSource& source, const JobContext& context,
                              int64_t blockColumns) {
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    if (blockColumns <= 0)
        blockColumns = defaultBlockColumns(n);
    requireGramMemory(n, blockColumns, 2 * 8);  // a block and its float64 copy
    const auto options = at::TensorOptions().dtype(at::kDouble).device(torchDevice(context.device));
    ShiftedSums sums{at::zeros({n, n}, options), at::zeros({n}, options)};
    for (int64_t d0 = 0; d0 < d; d0 += blockColumns) {
        context.checkCancelled();
        const int64_t d1 = std::min(d, d0 + blockColumns);
        addDenseBlock(checkedBlock(source, d0, d1), sums);
        reportBlock(context, d1, d);
    }
    return gramFromShifted(toEigen(sums.gram), toEigenVector(sums.a), sums.r2);
}

GramProducts resolveGramProducts(GramProducts requested, int64_t members, int64_t parameters) {
    if (requested != GramProducts::Auto)
        return requested;
    const double multiplyAdds = double(members) * double(members) * double(parameters) / 2;
    return multiplyAdds >= kFloat32ProductsFrom ? GramProducts::Float32 : GramProducts::Float64;
}

GramMatrices computeGram(const MemberBlockSource& source, const JobContext& context,
                         int64_t blockColumns, GramProducts products, bool overlapReads) {
    if (context.device != DeviceKind::Cpu)
        return computeGramDense(source, context, blockColumns);
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    if (blockColumns <= 0)
        blockColumns = defaultBlockColumns(n);
    // Two shifted float32 blocks in flight, the block the source returns and,
    // for float64 sources, its copy.
    requireGramMemory(n, blockColumns, 2 * 4 + 2 * 8);
    ShiftedSums sums{at::zeros({n, n}, at::kDouble), at::zeros({n}, at::kDouble)};
    double* gram = sums.gram.data_ptr<double>();
    double* a = sums.a.data_ptr<double>();
    const bool float32 = resolveGramProducts(products, n, d) == GramProducts::Float32;
    ShiftedBlock slots[2];
    const int64_t blocks = (d + blockColumns - 1) / blockColumns;
    runPipelined(
        blocks, 2,
        [&](int64_t k, int slot) {
            readShiftedBlock(source, k * blockColumns, std::min(d, (k + 1) * blockColumns),
                             slots[slot], !float32);
        },
        [&](int64_t, int slot) {
            const ShiftedBlock& b = slots[slot];
            if (b.isDense()) {
                addDenseBlock(b.dense, sums);
            } else {
                const int64_t c = b.d1 - b.d0;
                addGramProducts(b.values.data(), n, c, c, gram, n, context);
                addMatrixVector(b.values.data(), n, c, c, b.reference.data(), a);
                sums.r2 += b.referenceNorm2;
            }
            reportBlock(context, b.d1, d);
        },
        context, overlapReads);
    return gramFromShifted(toEigen(sums.gram), toEigenVector(sums.a), sums.r2);
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
