#include "core/projection/RandomizedPca.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/projection/GramKernels.h"
#include "core/projection/PanelPasses.h"
#include "core/projection/PrefetchedRows.h"
#include "core/projection/SymmetricEigen.h"
#include "core/projection/TensorConversion.h"

namespace modescape::projection {

namespace {

// What one pass leaves: Y = X0 Z orthonormalised as Y = Q S W^T (rank r),
// M = W S^-1 so that X0^T Q = (X'^T Y' - s ybar^T) M.
struct PassBasis {
    Eigen::MatrixXd q;  // N x r
    Eigen::MatrixXd m;  // l x r
};

PassBasis orthonormalise(const at::Tensor& rawY, Eigen::RowVectorXd& mean) {
    Eigen::MatrixXd y = toEigen(rawY);
    mean = y.colwise().mean();
    y.rowwise() -= mean;  // C Y' = X0 Z: centring the sketch centres the members
    const Eigen::BDCSVD<Eigen::MatrixXd> svd(y, Eigen::ComputeThinU | Eigen::ComputeThinV);
    const Eigen::VectorXd& s = svd.singularValues();
    Eigen::Index r = 0;
    while (r < s.size() && s(r) > 1e-12 * s(0))
        ++r;
    PassBasis basis;
    basis.q = svd.matrixU().leftCols(r);
    basis.m = svd.matrixV().leftCols(r) * s.head(r).cwiseInverse().asDiagonal();
    return basis;
}

// How much the working memory must hold besides the batch of members, with a
// float64 or float32 accumulator.
double sketchBytes(int64_t n, int64_t d, int64_t l, bool float64) {
    const double dd = double(d), ll = double(l);
    return 4 * dd * ll + (float64 ? 8 : 4) * dd * ll           // Z and the accumulator
           + 4 * dd + 8 * dd                                   // member 0, column sums
           + 2 * 8 * double(n) * ll + 2 * doubleChunkBytes();  // Y, its copy; float64 chunks
}

// One batch with float32 products: y = X' Z (rows x l), acc += y^T X' (l x D),
// and in the first pass the column sums and the sum of squares of X'.
void addFloat32Batch(const at::Tensor& rows, const at::Tensor& zt, at::Tensor& y, at::Tensor& acc,
                     bool firstPass, at::Tensor& columnSums, double& sumSquares,
                     const JobContext& context) {
    const int64_t fill = rows.size(0), d = rows.size(1), lc = zt.size(0);
    const float* x = rows.data_ptr<float>();
    addCrossProducts(x, fill, d, zt.data_ptr<float>(), lc, zt.stride(0), d, y.data_ptr<double>(),
                     lc, context);
    const at::Tensor yf = y.to(at::kFloat).t().contiguous();  // [l, rows]
    for (int64_t c0 = 0; c0 < d; c0 += kFloat32ChunkColumns) {
        context.checkCancelled();
        const int64_t c1 = std::min(d, c0 + kFloat32ChunkColumns);
        acc.slice(1, c0, c1).add_(at::mm(yf, rows.slice(1, c0, c1)));
        if (firstPass)
            columnSums.slice(0, c0, c1).add_(rows.slice(1, c0, c1).sum(0, false, at::kDouble));
    }
    if (firstPass)
        for (int64_t i = 0; i < fill; ++i)
            addMatrixVector(x + i * d, 1, d, d, x + i * d, &sumSquares);
}

}  // namespace

int64_t largestSketchColumns(int64_t n, int64_t d) {
    const double room = streamingWorkingBytes() - sketchBytes(n, d, 0, false) - 4.0 * double(d);
    const double perColumn = sketchBytes(n, d, 1, false) - sketchBytes(n, d, 0, false);
    return room < perColumn ? 0 : int64_t(std::floor(room / perColumn));
}

RandomizedPcaRun randomizedPca(const MemberRowSource& source, const RandomizedPcaOptions& options,
                               const JobContext& context) {
    const int64_t n = source.memberCount();
    const int64_t d = source.parameterCount();
    if (n < 2)
        throw InvalidArgument("PCA needs at least two members (got " + std::to_string(n) + ")");
    const int k = std::clamp<int>(options.components, 1, int(n - 1));
    const int64_t l = std::min<int64_t>(k + std::max(0, options.oversampling), n);
    const int passes = std::max(0, options.powerIterations) + 1;
    const double working = streamingWorkingBytes();
    const double rowBytes = 4.0 * double(d);

    RandomizedPcaRun run;
    run.sketchColumns = int(l);
    run.passes = passes;
    // float64 accumulation where it fits with a batch of at least 4 members.
    run.float64Accumulator = sketchBytes(n, d, l, true) + 4 * rowBytes <= working;
    const double fixed = sketchBytes(n, d, l, run.float64Accumulator);
    // Float32 products (large sets, GramMatrix.h) by BLAS, a 4,096-column chunk
    // at a time summed in float64; float64 products by LibTorch otherwise.
    const bool float32 = resolveGramProducts(options.products, n, d) == GramProducts::Float32;
    // Members multiplied together: up to 8 (64 with float32 products, where
    // each batch's pass over Z and the accumulator is the larger cost), as
    // many as fit.
    const int64_t batchRows = std::clamp<int64_t>(int64_t((working - fixed) / rowBytes), 1,
                                                  std::min<int64_t>(n, float32 ? 64 : 8));
    const double need = fixed + rowBytes * double(batchRows);
    const std::string what = "randomized PCA of " + std::to_string(n) + " members x " +
                             std::to_string(d) + " parameters (" + std::to_string(l) +
                             " sketch columns)";
    requireMemory(need, what);
    if (need > working)
        throw MemoryLimitExceeded(what + " needs " + formatBytes(need) + ", more than the " +
                                  formatBytes(working) +
                                  " a streamed computation may use; ask for fewer components");
    const at::ScalarType accumulatorType = run.float64Accumulator ? at::kDouble : at::kFloat;

    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    at::Tensor zt = at::randn({l, d}, generator, at::TensorOptions().dtype(at::kFloat));
    at::Tensor st = at::empty({l, d}, accumulatorType);
    at::Tensor columnSums = at::zeros({d}, at::kDouble);
    double sumSquares = 0;
    at::Tensor reference;
    at::Tensor batch = at::empty({batchRows, d}, at::kFloat);
    const int64_t chunk = doubleChunkColumns(batchRows + l);

    PassBasis basis;
    Eigen::MatrixXd h;  // (X0^T Y)^T (X0^T Y) of the last pass, for B B^T
    for (int pass = 0; pass < passes; ++pass) {
        const int64_t lc = zt.size(0);
        at::Tensor acc = st.narrow(0, 0, lc);
        acc.zero_();
        at::Tensor rawY = at::zeros({n, lc}, at::kDouble);
        int64_t fill = 0, start = 0;
        const auto flush = [&] {
            if (fill == 0)
                return;
            const at::Tensor rows = batch.narrow(0, 0, fill);
            at::Tensor y = at::zeros({fill, lc}, at::kDouble);
            if (float32) {
                addFloat32Batch(rows, zt, y, acc, pass == 0, columnSums, sumSquares, context);
                rawY.narrow(0, start, fill).copy_(y);
                start += fill;
                fill = 0;
                return;
            }
            for (int64_t c0 = 0; c0 < d; c0 += chunk) {  // y = X' Z
                context.checkCancelled();
                const int64_t c1 = std::min(d, c0 + chunk);
                y.addmm_(rows.slice(1, c0, c1).to(at::kDouble),
                         zt.slice(1, c0, c1).to(at::kDouble).t());
            }
            rawY.narrow(0, start, fill).copy_(y);
            for (int64_t c0 = 0; c0 < d; c0 += chunk) {  // accumulate X'^T Y
                context.checkCancelled();
                const int64_t c1 = std::min(d, c0 + chunk);
                const at::Tensor x = rows.slice(1, c0, c1).to(at::kDouble);
                acc.slice(1, c0, c1).add_(at::mm(y.t(), x).to(accumulatorType));
                if (pass == 0) {
                    columnSums.slice(0, c0, c1).add_(x.sum(0));
                    sumSquares += x.square().sum().item<double>();
                }
            }
            start += fill;
            fill = 0;
        };
        const PrefetchedRowSource prefetched(source);  // loading overlapped with the products
        (float32 ? static_cast<const MemberRowSource&>(prefetched) : source)
            .read(
                0,
                [&](int64_t i, const at::Tensor& row) {
                    if (row.numel() != d)
                        throw ShapeMismatch("member " + std::to_string(i) + " has " +
                                            std::to_string(row.numel()) +
                                            " parameters, member 0 has " + std::to_string(d));
                    if (i == 0)
                        reference = row.to(at::kFloat).clone();
                    at::Tensor slot = batch[fill++];
                    at::sub_out(slot, row, reference);  // shifted by member 0: keeps digits
                    if (fill == batchRows)
                        flush();
                    context.report(double(pass * n + i + 1) / double(passes * n),
                                   "randomized PCA: pass " + std::to_string(pass + 1) + " / " +
                                       std::to_string(passes) + ", member " +
                                       std::to_string(i + 1) + " / " + std::to_string(n));
                },
                context);
        flush();

        Eigen::RowVectorXd mean;
        basis = orthonormalise(rawY, mean);
        const int64_t r = basis.q.cols();
        if (r == 0)
            break;  // every member equals member 0: nothing varies
        const at::Tensor ybar = toTensor(mean.transpose());   // [lc, 1]
        const at::Tensor mt = toTensor(basis.m.transpose());  // [r, lc]
        const bool last = pass + 1 == passes;
        at::Tensor hAcc = at::zeros({lc, lc}, at::kDouble);
        for (int64_t c0 = 0; c0 < d; c0 += chunk) {
            context.checkCancelled();
            const int64_t c1 = std::min(d, c0 + chunk);
            // Columns c of (X0^T Y)^T = X'^T Y' - s ybar^T, transposed.
            const at::Tensor sc = acc.slice(1, c0, c1).to(at::kDouble) -
                                  ybar * columnSums.slice(0, c0, c1).unsqueeze(0);
            if (last)
                hAcc.addmm_(sc, sc.t());
            else
                zt.narrow(0, 0, r).slice(1, c0, c1).copy_(at::mm(mt, sc));
        }
        if (last)
            h = toEigen(hAcc);
        else
            zt = zt.narrow(0, 0, r);
    }

    PcaResult& result = run.pca;
    const double total = std::max(0.0, sumSquares - columnSums.square().sum().item<double>() / n);
    result.totalVariance = total / double(n - 1);
    result.leftVectors = Eigen::MatrixXd::Zero(n, k);
    const int64_t r = basis.q.cols();
    Eigen::VectorXd values = Eigen::VectorXd::Zero(k);
    if (r > 0 && h.size() > 0) {
        // B B^T = M^T H M (r x r); its eigenvectors rotate Q onto the singular vectors.
        const Eigen::MatrixXd t = basis.m.transpose() * h * basis.m;
        const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(0.5 * (t + t.transpose()));
        const int kept = int(std::min<int64_t>(k, r));
        for (int j = 0; j < kept; ++j) {
            const Eigen::Index from = r - 1 - j;  // ascending order: largest last
            values(j) = std::max(0.0, eigen.eigenvalues()(from));
            result.leftVectors.col(j) = basis.q * eigen.eigenvectors().col(from);
        }
    }
    fixSigns(result.leftVectors);
    result.scores = result.leftVectors;
    for (int j = 0; j < k; ++j) {
        const double s = std::sqrt(values(j));
        result.scores.col(j) *= s;
        result.singularValues.push_back(s);
        result.explainedVariance.push_back(values(j) / double(n - 1));
        result.explainedVarianceRatio.push_back(total > 0 ? values(j) / total : 0.0);
    }
    context.report(1.0, "randomized PCA: done");
    return run;
}

std::string describeRandomizedPca(const RandomizedPcaOptions& options,
                                  const RandomizedPcaRun& run) {
    const int q = std::max(0, options.powerIterations);
    return "randomized (k=" + std::to_string(run.pca.singularValues.size()) + ", oversampling " +
           std::to_string(run.sketchColumns - int(run.pca.singularValues.size())) + ", " +
           std::to_string(q) + (q == 1 ? " power iteration, " : " power iterations, ") +
           std::to_string(run.passes) + (run.passes == 1 ? " pass" : " passes") +
           (run.float64Accumulator ? "" : ", float32 accumulator") + ")";
}

}  // namespace modescape::projection
