#include "core/projection/Pca.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/projection/BlockPipeline.h"
#include "core/projection/GramKernels.h"
#include "core/projection/ShiftedBlock.h"
#include "core/projection/SymmetricEigen.h"
#include "core/projection/TensorConversion.h"

namespace modescape::projection {

PcaResult pcaFromGram(const Eigen::MatrixXd& centredGram, int components) {
    const Eigen::Index n = centredGram.rows();
    if (n < 2 || centredGram.cols() != n)
        throw InvalidArgument("PCA needs at least two members (got " + std::to_string(n) + ")");
    const int k = std::clamp<int>(components, 1, int(n - 1));
    if (k != components)
        log::info("PCA: " + std::to_string(components) + " components requested, " +
                  std::to_string(k) + " computed (N - 1 = " + std::to_string(n - 1) + ")");

    const Eigenpairs pairs = leadingEigenpairs(centredGram, k);
    // The trace is the sum of all eigenvalues: the total variance without computing them all.
    const double total = std::max(0.0, centredGram.trace());

    PcaResult result;
    result.leftVectors = pairs.vectors;
    result.scores = pairs.vectors;
    result.totalVariance = total / double(n - 1);
    for (int j = 0; j < k; ++j) {
        const double lambda = std::max(0.0, pairs.values(j));
        const double s = std::sqrt(lambda);
        result.scores.col(j) *= s;
        result.singularValues.push_back(s);
        result.explainedVariance.push_back(lambda / double(n - 1));
        result.explainedVarianceRatio.push_back(total > 0 ? lambda / total : 0.0);
    }
    return result;
}

PcaResult pca(const MemberBlockSource& source, const PcaOptions& options, const JobContext& context,
              GramMatrices* gram) {
    GramMatrices g = computeGram(source, context, options.blockColumns, options.products);
    PcaResult result = pcaFromGram(g.centred, options.components);
    if (gram)
        *gram = std::move(g);
    return result;
}

namespace {

// X0^T W for one block in float64 (copy = true: the block is modified in
// place and may be a view of the caller's data).
Eigen::MatrixXd denseDirections(const at::Tensor& raw, const at::Tensor& w) {
    at::Tensor block = raw.to(w.device(), at::kDouble, false, true);
    block.sub_(block.mean(0, true));  // every block holds all members: exact column means
    return toEigen(at::mm(block.t(), w));
}

}  // namespace

Eigen::MatrixXd pcaComponents(const MemberBlockSource& source, const PcaResult& pca,
                              const JobContext& context, int64_t blockColumns,
                              GramProducts products, bool overlapReads) {
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    const auto k = int64_t(pca.singularValues.size());
    if (pca.leftVectors.rows() != n || pca.leftVectors.cols() != k)
        throw ShapeMismatch("PCA components: the PCA result is for " +
                            std::to_string(pca.leftVectors.rows()) + " members, the source has " +
                            std::to_string(n));
    if (blockColumns <= 0)
        blockColumns = defaultBlockColumns(n);
    const at::Device device = torchDevice(context.device);

    // U S^-1 (zero columns for zero singular values, which have no direction).
    const double tiny =
        1e-12 * std::max(1e-300, pca.singularValues.empty() ? 0.0 : pca.singularValues[0]);
    Eigen::MatrixXd weights = pca.leftVectors;
    for (int64_t j = 0; j < k; ++j) {
        if (pca.singularValues[j] > tiny) {
            weights.col(j) /= pca.singularValues[j];
        } else {
            weights.col(j).setZero();
            log::warning("PCA component " + std::to_string(j + 1) +
                         " has zero variance; its direction is left as zeros");
        }
    }
    const at::Tensor w = toTensor(weights).to(device);
    // C W in float32, row-major N x k, for the float32 blocks.
    const Eigen::MatrixXd centredWeights = weights.rowwise() - weights.colwise().mean();
    std::vector<float> wc(size_t(n * k));
    for (int64_t i = 0; i < n; ++i)
        for (int64_t j = 0; j < k; ++j)
            wc[size_t(i * k + j)] = float(centredWeights(i, j));

    Eigen::MatrixXd components(d, k);
    const auto report = [&](int64_t d1) {
        context.report(double(d1) / double(d), "PCA directions: " + std::to_string(d1) + " / " +
                                                   std::to_string(d) + " parameters");
    };
    if (context.device != DeviceKind::Cpu) {
        for (int64_t d0 = 0; d0 < d; d0 += blockColumns) {
            context.checkCancelled();
            const int64_t d1 = std::min(d, d0 + blockColumns);
            components.middleRows(d0, d1 - d0) =
                denseDirections(checkedBlock(source, d0, d1).to(device), w);
            report(d1);
        }
        return components;
    }
    const bool float32 = resolveGramProducts(products, n, d) == GramProducts::Float32;
    ShiftedBlock slots[2];
    std::vector<float> out;
    runPipelined((d + blockColumns - 1) / blockColumns, 2,
                 [&](int64_t b, int slot) {
                     readShiftedBlock(source, b * blockColumns, std::min(d, (b + 1) * blockColumns),
                                      slots[slot], !float32);
                 },
                 [&](int64_t, int slot) {
                     const ShiftedBlock& b = slots[slot];
                     const int64_t c = b.d1 - b.d0;
                     if (b.isDense()) {
                         components.middleRows(b.d0, c) = denseDirections(b.dense, w);
                     } else {
                         out.resize(size_t(c * k));
                         transposedProduct(b.values.data(), n, c, c, wc.data(), k, out.data());
                         for (int64_t r = 0; r < c; ++r)
                             for (int64_t j = 0; j < k; ++j)
                                 components(b.d0 + r, j) = double(out[size_t(r * k + j)]);
                     }
                     report(b.d1);
                 },
                 context, overlapReads);
    return components;
}

}  // namespace modescape::projection
