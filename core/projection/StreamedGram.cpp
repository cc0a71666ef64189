#include "core/projection/StreamedGram.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "core/projection/GramKernels.h"
#include "core/projection/PanelPasses.h"
#include "core/projection/PrefetchedRows.h"
#include "core/projection/TensorConversion.h"

namespace modescape::projection {

namespace {

// Writes block (a0.., b0..) of an N x N matrix and its mirror.
void placeBlock(at::Tensor& matrix, const at::Tensor& block, int64_t a0, int64_t b0) {
    matrix.narrow(0, a0, block.size(0)).narrow(1, b0, block.size(1)).copy_(block);
    matrix.narrow(0, b0, block.size(1)).narrow(1, a0, block.size(0)).copy_(block.t());
}

}  // namespace

std::pair<at::Tensor, at::Tensor> pairDistances(const at::Tensor& a, const at::Tensor& b,
                                                const JobContext& context) {
    const int64_t d = a.size(1);
    // at::cdist with p = 1 may materialise [rows a, rows b, chunk]: keep that near one
    // float64 chunk (32 MB, less under a small working memory).
    const int64_t chunk = std::max<int64_t>(
        64,
        std::min(doubleChunkColumns(a.size(0) + b.size(0)),
                 int64_t(doubleChunkBytes() / 8) / std::max<int64_t>(1, a.size(0) * b.size(0))));
    at::Tensor sq = at::zeros({a.size(0), b.size(0)}, at::kDouble);
    at::Tensor l1 = at::zeros_like(sq);
    for (int64_t c0 = 0; c0 < d; c0 += chunk) {
        context.checkCancelled();
        const int64_t c1 = std::min(d, c0 + chunk);
        const at::Tensor x = a.slice(1, c0, c1).to(at::kDouble).contiguous();
        const at::Tensor y = b.slice(1, c0, c1).to(at::kDouble).contiguous();
        // Differences, not the Gram trick: exact even when members nearly coincide.
        sq.add_(at::cdist(x, y, 2.0, /*donot_use_mm*/ 2).square_());
        l1.add_(at::cdist(x, y, 1.0));
    }
    return {sq, l1};
}

at::Tensor doubleProducts(const at::Tensor& a, const at::Tensor& b, const JobContext& context) {
    const int64_t d = a.size(1);
    const int64_t chunk = doubleChunkColumns(a.size(0) + b.size(0));
    at::Tensor out = at::zeros({a.size(0), b.size(0)}, at::kDouble);
    for (int64_t c0 = 0; c0 < d; c0 += chunk) {
        context.checkCancelled();
        const int64_t c1 = std::min(d, c0 + chunk);
        out.addmm_(a.slice(1, c0, c1).to(at::kDouble), b.slice(1, c0, c1).to(at::kDouble).t());
    }
    return out;
}

double gramResultBytes(int64_t members) {
    return 6.0 * 8.0 * double(members) * double(members);
}

GramMatrices streamedGram(const MemberRowSource& source, const JobContext& context, int64_t* passes,
                          int64_t maxPanelRows, GramProducts products) {
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    PanelPlan plan =
        planPanels(n, d, gramResultBytes(n), "the Gram matrix of " + std::to_string(n) + " members",
                   maxPanelRows);
    const bool float32 = resolveGramProducts(products, n, d) == GramProducts::Float32;
    if (float32 && plan.passes > 1) {
        const int64_t balanced = (n + plan.passes - 1) / plan.passes;
        plan.batchRows = std::clamp<int64_t>(plan.batchRows + plan.panelRows - balanced, 1, 256);
        plan.panelRows = balanced;
    }
    if (passes)
        *passes = plan.passes;
    at::Tensor shiftedGram = at::zeros({n, n}, at::kDouble);
    at::Tensor shiftedDotReference = at::zeros({n}, at::kDouble);
    at::Tensor reference, referenceDouble;
    PanelCallbacks callbacks;
    callbacks.reference = [&](const at::Tensor& row) {
        reference = row.to(at::kFloat).contiguous();
        referenceDouble = row.to(at::kDouble);
    };
    callbacks.member = [&](int64_t i, const at::Tensor& shifted) {
        if (float32) {
            addMatrixVector(shifted.data_ptr<float>(), 1, d, d, reference.data_ptr<float>(),
                            shiftedDotReference.data_ptr<double>() + i);
        } else {
            shiftedDotReference[i] = shifted.to(at::kDouble).dot(referenceDouble);
        }
    };
    callbacks.pairs = [&](const at::Tensor& a, int64_t a0, const at::Tensor& b, int64_t b0) {
        if (!float32) {
            placeBlock(shiftedGram, doubleProducts(a, b, context), a0, b0);
            return;
        }
        at::Tensor block = at::zeros({a.size(0), b.size(0)}, at::kDouble);
        if (a.data_ptr() == b.data_ptr() && a.size(0) == b.size(0))
            addGramProducts(a.data_ptr<float>(), a.size(0), d, a.stride(0),
                            block.data_ptr<double>(), a.size(0), context);
        else
            addCrossProducts(a.data_ptr<float>(), a.size(0), a.stride(0), b.data_ptr<float>(),
                             b.size(0), b.stride(0), d, block.data_ptr<double>(), b.size(0),
                             context);
        placeBlock(shiftedGram, block, a0, b0);
    };
    // Float32 products leave loading the members as the larger cost: overlap it.
    const PrefetchedRowSource prefetched(source);
    runPanelPasses(float32 ? static_cast<const MemberRowSource&>(prefetched) : source, plan,
                   callbacks, "Gram matrix", context);
    const double r2 = referenceDouble.dot(referenceDouble).item<double>();
    reference = referenceDouble = at::Tensor();
    return gramFromShifted(toEigen(shiftedGram), toEigenVector(shiftedDotReference), r2);
}

MemberDistances streamedMemberDistances(const MemberRowSource& source, const JobContext& context,
                                        int64_t* passes, int64_t maxPanelRows) {
    const int64_t n = source.memberCount();
    const double results = 4.0 * 8.0 * double(n) * double(n);
    const PanelPlan plan =
        planPanels(n, source.parameterCount(), results,
                   "the distances between " + std::to_string(n) + " members", maxPanelRows);
    if (passes)
        *passes = plan.passes;
    at::Tensor squared = at::zeros({n, n}, at::kDouble);
    at::Tensor manhattan = at::zeros_like(squared);
    PanelCallbacks callbacks;
    callbacks.pairs = [&](const at::Tensor& a, int64_t a0, const at::Tensor& b, int64_t b0) {
        const auto [sq, l1] = pairDistances(a, b, context);
        placeBlock(squared, sq, a0, b0);
        placeBlock(manhattan, l1, a0, b0);
    };
    runPanelPasses(source, plan, callbacks, "distances", context);
    MemberDistances out{toEigen(squared), toEigen(manhattan)};
    out.squaredEuclidean.diagonal().setZero();
    out.manhattan.diagonal().setZero();
    return out;
}

}  // namespace modescape::projection
