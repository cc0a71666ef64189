#include "core/projection/RandomizedPca.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstring>
#include <numeric>
#include <optional>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/projection/GramKernels.h"
#include "core/projection/PanelPasses.h"
#include "core/projection/PrefetchedRows.h"
#include "core/projection/SharedRandomizedPca.h"
#include "core/projection/ShiftedBatches.h"
#include "core/projection/SketchProducts.h"
#include "core/projection/SubsetRowSource.h"
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

// After a pass, S = (X0^T Y)^T = acc - ybar s^T (lc x d; acc row-major with
// row stride d, s the column sums): the next sketch Z^T = M^T S (r x d
// float32, into zt) or, after the last pass, H += S S^T. Plain loops over
// blocks of columns (a few hundred operations per column), not LibTorch
// operations per chunk: those took about a second per pass at 10^6 columns.
template <class Acc>
void nextSketch(const Acc* acc, const double* columnSums, const Eigen::RowVectorXd& ybar,
                const Eigen::MatrixXd& m, float* zt, Eigen::MatrixXd* h, int64_t d,
                const JobContext& context) {
    const int64_t lc = ybar.size(), r = m.cols();
    constexpr int64_t kBlock = 256;
    std::vector<double> sBlock(std::size_t(lc * kBlock)), zBlock(std::size_t(r * kBlock));
    for (int64_t c0 = 0; c0 < d; c0 += kBlock) {
        if (c0 % (64 * kBlock) == 0)
            context.checkCancelled();
        const int64_t w = std::min(kBlock, d - c0);
        for (int64_t j = 0; j < lc; ++j) {
            const Acc* in = acc + j * d + c0;
            double* out = sBlock.data() + j * kBlock;
            const double yj = ybar(j);
            for (int64_t c = 0; c < w; ++c)
                out[c] = double(in[c]) - yj * columnSums[c0 + c];
        }
        if (h) {
            for (int64_t a = 0; a < lc; ++a)
                for (int64_t b = a; b < lc; ++b) {
                    const double* sa = sBlock.data() + a * kBlock;
                    const double* sb = sBlock.data() + b * kBlock;
                    double sum = 0;
                    for (int64_t c = 0; c < w; ++c)
                        sum += sa[c] * sb[c];
                    (*h)(a, b) += sum;
                    if (b != a)
                        (*h)(b, a) += sum;
                }
            continue;
        }
        std::fill(zBlock.begin(), zBlock.end(), 0.0);
        for (int64_t i = 0; i < r; ++i) {
            double* z = zBlock.data() + i * kBlock;
            for (int64_t j = 0; j < lc; ++j) {
                const double mji = m(j, i);
                const double* sj = sBlock.data() + j * kBlock;
                for (int64_t c = 0; c < w; ++c)
                    z[c] += mji * sj[c];
            }
            float* out = zt + i * d + c0;
            for (int64_t c = 0; c < w; ++c)
                out[c] = float(z[c]);
        }
    }
}

// How much the working memory must hold besides the batch of members, with a
// float64 or float32 accumulator.
double sketchBytes(int64_t n, int64_t d, int64_t l, bool float64) {
    const double dd = double(d), ll = double(l);
    return 4 * dd * ll + (float64 ? 8 : 4) * dd * ll           // Z and the accumulator
           + 4 * dd + 8 * dd                                   // member 0, column sums
           + 2 * 8 * double(n) * ll + 2 * doubleChunkBytes();  // Y, its copy; float64 chunks
}

// What one process accumulates in a pass: y = X' Z for its members' rows,
// acc += y^T X' (the transposed X0^T Y before centring) and, in the first
// pass, the column sums and sum of squares of X'. Rows are shifted by
// member 0 (keeps digits) and multiplied a batch at a time.
struct PassSums {
    at::Tensor zt;          // [lc, D] float32: the sketch, transposed
    at::Tensor acc;         // [lc, D] float64 or float32
    at::Tensor columnSums;  // [D] float64
    double sumSquares = 0;
    at::Tensor reference;  // member 0, float32
    at::Tensor batch;      // [batch rows, D] float32
    bool float32 = true;   // float32 sketch kernels, else LibTorch float64
    bool firstPass = true;
    int64_t chunk = 0;  // float64 products' column chunk

    // The float32 products (SketchProducts.h) of `rows` shifted rows x (rows x
    // d, row-major) on `threads` threads: y (rows x lc, float64) += x Z, ...
    void sketchRows(const float* x, int64_t rows, double* y, int threads) const {
        const int64_t d = zt.size(1), lc = zt.size(0);
        addSketchProducts(x, rows, d, d, zt.data_ptr<float>(), lc, zt.stride(0), y, threads);
    }

    // ... then acc += x^T y, and in the first pass the column sums and squares.
    void accumulate(const float* x, int64_t rows, const double* y, int threads) {
        const int64_t d = zt.size(1), lc = zt.size(0);
        const at::Tensor yf =  // [rows, l] row-major: W of W^T X'
            at::from_blob(const_cast<double*>(y), {rows, lc}, at::kDouble).to(at::kFloat);
        double* sums = firstPass ? columnSums.data_ptr<double>() : nullptr;
        double* squares = firstPass ? &sumSquares : nullptr;
        if (acc.scalar_type() == at::kDouble)
            addTransposedSketch(yf.data_ptr<float>(), rows, lc, x, d, d, acc.data_ptr<double>(), d,
                                sums, squares, threads);
        else
            addTransposedSketch(yf.data_ptr<float>(), rows, lc, x, d, d, acc.data_ptr<float>(), d,
                                sums, squares, threads);
    }

    // The same for the batch's first `fill` rows, by either kind of products.
    at::Tensor multiply(int64_t fill, const JobContext& context) {
        const at::Tensor rows = batch.narrow(0, 0, fill);
        const int64_t d = rows.size(1), lc = zt.size(0);
        at::Tensor y = at::zeros({fill, lc}, at::kDouble);
        if (float32) {
            const int threads = at::get_num_threads();
            sketchRows(rows.data_ptr<float>(), fill, y.data_ptr<double>(), threads);
            accumulate(rows.data_ptr<float>(), fill, y.data_ptr<double>(), threads);
            return y;
        }
        for (int64_t c0 = 0; c0 < d; c0 += chunk) {  // y = X' Z
            context.checkCancelled();
            const int64_t c1 = std::min(d, c0 + chunk);
            y.addmm_(rows.slice(1, c0, c1).to(at::kDouble),
                     zt.slice(1, c0, c1).to(at::kDouble).t());
        }
        for (int64_t c0 = 0; c0 < d; c0 += chunk) {  // accumulate X'^T Y
            context.checkCancelled();
            const int64_t c1 = std::min(d, c0 + chunk);
            const at::Tensor x = rows.slice(1, c0, c1).to(at::kDouble);
            acc.slice(1, c0, c1).add_(at::mm(y.t(), x).to(acc.scalar_type()));
            if (firstPass) {
                columnSums.slice(0, c0, c1).add_(x.sum(0));
                sumSquares += x.square().sum().item<double>();
            }
        }
        return y;
    }

    // Row `slot` of the batch = row - member 0.
    void place(int64_t slot, const at::Tensor& row) {
        const at::Tensor r = row.to(at::kFloat).contiguous();
        subtractRow(r.data_ptr<float>(), reference.data_ptr<float>(),
                    batch.data_ptr<float>() + slot * batch.stride(0), r.numel());
    }
};

void checkLength(int64_t i, const at::Tensor& row, int64_t d) {
    if (row.numel() != d)
        throw ShapeMismatch("member " + std::to_string(i) + " has " + std::to_string(row.numel()) +
                            " parameters, member 0 has " + std::to_string(d));
}

// The members a process multiplies together under sharing: blocks of
// consecutive members, four per process, so a slow process holds the others
// back by at most a quarter of its share. With float32 products a block is
// whole batches, so the batches are one process's (a float32 product's
// rounding depends on the rows multiplied together): only the float64 sums
// of the accumulators differ in order.
int64_t memberBlockRows(int64_t n, int processes, int64_t batchRows, bool float32) {
    const int64_t blocks = 4 * int64_t(std::max(1, processes));
    const int64_t rows = std::max<int64_t>(1, (n + blocks - 1) / blocks);
    return float32 ? (rows + batchRows - 1) / batchRows * batchRows : rows;
}

// What a finished pass (not the last) leaves for the next: the sketch Z
// (r x D float32) and the first pass's column sums and sum of squares, as
// bytes, exactly (UnitSharing::commitRound).
std::string passState(const PassSums& sums) {
    const at::Tensor zt = sums.zt.contiguous();
    const int64_t r = zt.size(0), d = zt.size(1);
    std::string state(
        sizeof(int64_t) + sizeof(float) * std::size_t(r * d) + sizeof(double) * std::size_t(d + 1),
        '\0');
    char* at = state.data();
    std::memcpy(at, &r, sizeof r);
    at += sizeof r;
    std::memcpy(at, zt.data_ptr<float>(), sizeof(float) * std::size_t(r * d));
    at += sizeof(float) * std::size_t(r * d);
    std::memcpy(at, sums.columnSums.data_ptr<double>(), sizeof(double) * std::size_t(d));
    at += sizeof(double) * std::size_t(d);
    std::memcpy(at, &sums.sumSquares, sizeof sums.sumSquares);
    return state;
}

// The sketch's rows r of a committed pass state (0 when the bytes are not
// one of l x d: the journal's key and checksum make that a foreign record).
int64_t sketchRowsOf(const std::string& state, int64_t l, int64_t d) {
    int64_t r = 0;
    if (state.size() >= sizeof r)
        std::memcpy(&r, state.data(), sizeof r);
    const bool whole = r >= 1 && r <= l &&
                       state.size() == sizeof(int64_t) + sizeof(float) * std::size_t(r * d) +
                                           sizeof(double) * std::size_t(d + 1);
    return whole ? r : 0;
}

void restorePassState(const std::string& state, int64_t r, PassSums& sums) {
    const int64_t d = sums.columnSums.size(0);
    const char* at = state.data() + sizeof(int64_t);
    sums.zt = at::empty({r, d}, at::kFloat);
    std::memcpy(sums.zt.data_ptr<float>(), at, sizeof(float) * std::size_t(r * d));
    at += sizeof(float) * std::size_t(r * d);
    std::memcpy(sums.columnSums.data_ptr<double>(), at, sizeof(double) * std::size_t(d));
    at += sizeof(double) * std::size_t(d);
    std::memcpy(&sums.sumSquares, at, sizeof sums.sumSquares);
}

}  // namespace

int64_t largestSketchColumns(int64_t n, int64_t d) {
    const double room = streamingWorkingBytes() - sketchBytes(n, d, 0, false) - 4.0 * double(d);
    const double perColumn = sketchBytes(n, d, 1, false) - sketchBytes(n, d, 0, false);
    return room < perColumn ? 0 : int64_t(std::floor(room / perColumn));
}

RandomizedPcaRun randomizedPca(const MemberRowSource& source, const RandomizedPcaOptions& options,
                               const JobContext& context) {
    return *randomizedPca(source, options, UnitSharing{}, context);
}

std::optional<RandomizedPcaRun> randomizedPca(const MemberRowSource& source,
                                              const RandomizedPcaOptions& options,
                                              const UnitSharing& sharing, const JobContext& context,
                                              std::int64_t* units) {
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
    // Float32 products (large sets, GramMatrix.h) by SketchProducts' kernels,
    // summed in float64 chunk by chunk; float64 products by LibTorch otherwise.
    const bool float32 = resolveGramProducts(options.products, n, d) == GramProducts::Float32;
    // One process's float32 passes read and multiply batches on two workers
    // or more (ShiftedBatches); the batch size is planned for two, so that
    // the batches, and the bits, do not depend on the number of cores.
    const bool pipelined = float32 && !sharing.shared();
    const double batchBuffers = pipelined ? 2 : 1;
    // Members multiplied together: up to 8 (64 with float32 products, where
    // each batch's pass over Z and the accumulator is the larger cost), as
    // many as fit.
    const int64_t batchRows =
        std::clamp<int64_t>(int64_t((working - fixed) / (batchBuffers * rowBytes)), 1,
                            std::min<int64_t>(n, float32 ? 64 : 8));
    const double need = fixed + batchBuffers * rowBytes * double(batchRows);
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
    PassSums sums;
    sums.zt = at::randn({l, d}, generator, at::TensorOptions().dtype(at::kFloat));
    const at::Tensor st = at::empty({l, d}, accumulatorType);
    sums.columnSums = at::zeros({d}, at::kDouble);
    std::optional<ShiftedBatches> batches;
    if (pipelined) {
        // A worker a thread, as many as have a batch's memory, and at most 4:
        // each batch's ordered step is about a third of its time.
        const double batchesThatFit =
            std::floor((working - fixed) / (rowBytes * double(batchRows)));
        const double workers = std::min<double>({double(at::get_num_threads()), batchesThatFit, 4});
        batches.emplace(batchRows, d, std::max(1, int(workers)));
    } else {
        sums.batch = at::empty({batchRows, d}, at::kFloat);
    }
    sums.float32 = float32;
    sums.chunk = doubleChunkColumns(batchRows + l);
    // Under sharing every process reads member 0 itself (rows are shifted by it).
    if (sharing.shared())
        SubsetRowSource(source, {0})
            .read(
                0,
                [&](int64_t, const at::Tensor& row) {
                    checkLength(0, row, d);
                    sums.reference = row.to(at::kFloat).contiguous().clone();
                },
                context);
    const int64_t blockRows = memberBlockRows(n, sharing.processes, batchRows, float32);
    const int64_t blocks = (n + blockRows - 1) / blockRows;
    if (units)
        *units = sharing.shared() ? blocks * passes : 0;

    // A run with --out resumes after the last pass an interrupted run
    // committed (UnitSharing::lastRound): its sketch and column sums are
    // stored exactly, so the passes after it are the uninterrupted run's.
    // The state of a pass does not depend on how its members were cut into
    // blocks (up to the order of the sums), so the key leaves out the
    // number of processes: a job killed under mpirun -np 4 resumes under
    // any number of ranks.
    const std::string passKey =
        "randomized PCA " + std::to_string(n) + " x " + std::to_string(d) + ", l " +
        std::to_string(l) + ", seed " + std::to_string(options.seed) + ", batch " +
        std::to_string(batchRows) + (float32 ? ", float32 products" : ", float64 products") +
        (run.float64Accumulator ? ", float64 sums" : ", float32 sums");
    int64_t startPass = 0;
    if (sharing.shared() && passes > 1) {
        if (sharing.lastRound) {
            const auto [round, state] =
                sharing.lastRound(passKey, passes - 1, "randomized PCA passes");
            const int64_t r = round >= 0 ? sketchRowsOf(state, l, d) : 0;
            if (round >= 0 && r == 0)
                throw FormatError("the randomized PCA's journal",
                                  "a committed pass of another shape");
            if (r > 0) {
                restorePassState(state, r, sums);
                startPass = round + 1;
            }
        }
        if (sharing.broadcast) {  // every process starts at the collector's pass
            sharing.broadcast(&startPass, sizeof startPass);
            if (startPass > 0) {
                int64_t r = sums.zt.size(0);
                sharing.broadcast(&r, sizeof r);
                if (sums.zt.size(0) != r)  // the collector's is restored already
                    sums.zt = at::empty({r, d}, at::kFloat);
                sharing.broadcast(sums.zt.data_ptr(), r * d * int64_t(sizeof(float)));
            }
        }
    }

    PassBasis basis;
    Eigen::MatrixXd h;      // (X0^T Y)^T (X0^T Y) of the last pass, for B B^T
    bool collector = true;  // false on a process that only computes units
    for (int pass = int(startPass); pass < passes; ++pass) {
        const int64_t lc = sums.zt.size(0);
        sums.acc = st.narrow(0, 0, lc);
        sums.acc.zero_();
        sums.firstPass = pass == 0;
        at::Tensor rawY = at::zeros({n, lc}, at::kDouble);
        const std::string passWords =
            "randomized PCA: pass " + std::to_string(pass + 1) + " / " + std::to_string(passes);
        if (pipelined) {
            double* y = rawY.data_ptr<double>();
            batches->pass(
                source,
                [&](int64_t first, int64_t rows, const float* x) {
                    sums.sketchRows(x, rows, y + first * lc, 1);
                },
                [&](int64_t first, int64_t rows, const float* x) {
                    sums.accumulate(x, rows, y + first * lc, 1);
                    context.report(double(pass * n + first + rows) / double(passes * n),
                                   passWords + ", member " + std::to_string(first + rows) + " / " +
                                       std::to_string(n));
                },
                context);
        } else if (!sharing.shared()) {
            int64_t fill = 0, start = 0;
            const auto flush = [&] {
                if (fill == 0)
                    return;
                rawY.narrow(0, start, fill).copy_(sums.multiply(fill, context));
                start += fill;
                fill = 0;
            };
            // Float64 products (small sets): rows read inline.
            source.read(
                0,
                [&](int64_t i, const at::Tensor& row) {
                    checkLength(i, row, d);
                    if (i == 0)
                        sums.reference = row.to(at::kFloat).contiguous().clone();
                    sums.place(fill++, row);
                    if (fill == batchRows)
                        flush();
                    context.report(double(pass * n + i + 1) / double(passes * n),
                                   passWords + ", member " + std::to_string(i + 1) + " / " +
                                       std::to_string(n));
                },
                context);
            flush();
        } else {
            // Each unit: a block of members, their rows of Y sent back; the
            // partial acc and column sums stay here and are added up below.
            UnitWork work;
            for (int64_t b = 0; b < blocks; ++b)
                work.units.push_back(b);
            work.task = passWords;
            work.unitWords = "member blocks";
            work.compute = [&](const std::vector<std::int64_t>& chunk, const JobContext& job) {
                std::vector<double> out;
                for (const std::int64_t b : chunk) {
                    const int64_t b0 = b * blockRows, b1 = std::min(n, b0 + blockRows);
                    std::vector<int64_t> members(std::size_t(b1 - b0));
                    std::iota(members.begin(), members.end(), b0);
                    const SubsetRowSource block(source, members);
                    const PrefetchedRowSource prefetched(block);
                    int64_t fill = 0;
                    const auto flush = [&] {
                        if (fill == 0)
                            return;
                        const at::Tensor y = sums.multiply(fill, job).contiguous();
                        out.insert(out.end(), y.data_ptr<double>(),
                                   y.data_ptr<double>() + y.numel());
                        fill = 0;
                    };
                    (float32 ? static_cast<const MemberRowSource&>(prefetched) : block)
                        .read(
                            0,
                            [&](int64_t i, const at::Tensor& row) {
                                checkLength(b0 + i, row, d);
                                sums.place(fill++, row);
                                if (fill == batchRows)
                                    flush();
                            },
                            job);
                    flush();
                }
                return doublesAsBytes(out);
            };
            work.take = [&](const std::vector<std::int64_t>& chunk, const std::string& payload) {
                const std::vector<double> values = doublesFromBytes(payload, "sketch rows");
                std::size_t next = 0;
                double* y = rawY.data_ptr<double>();
                for (const std::int64_t b : chunk) {
                    const int64_t b0 = b * blockRows, b1 = std::min(n, b0 + blockRows);
                    const auto count = std::size_t((b1 - b0) * lc);
                    if (b < 0 || b >= blocks || values.size() - next < count)
                        throw FormatError("work message", "a block of sketch rows is cut short");
                    std::copy_n(values.begin() + std::ptrdiff_t(next), count, y + b0 * lc);
                    next += count;
                }
                if (next != values.size())
                    throw FormatError("work message", "a block of sketch rows is too long");
            };
            collector = sharing.run(work, context);
            // The partial sums of every process, added up at the collector.
            if (sharing.sumAtCollector) {
                sharing.sumAtCollector(sums.acc.data_ptr(), sums.acc.numel(),
                                       run.float64Accumulator);
                if (pass == 0) {
                    sharing.sumAtCollector(sums.columnSums.data_ptr(), d, true);
                    sharing.sumAtCollector(&sums.sumSquares, 1, true);
                }
            }
            if (!collector && !sharing.broadcast)
                return std::nullopt;  // the collector goes on alone
        }

        const auto between = std::chrono::steady_clock::now();
        const bool last = pass + 1 == passes;
        Eigen::RowVectorXd mean;
        int64_t r = 0;
        if (collector) {
            basis = orthonormalise(rawY, mean);
            r = basis.q.cols();
        }
        if (sharing.shared() && sharing.broadcast && !last)
            sharing.broadcast(&r, sizeof r);  // every process stops or goes on together
        if (r == 0 && (collector || !last))
            break;  // every member equals member 0: nothing varies
        if (!collector) {
            if (last)
                return std::nullopt;
            sums.zt = sums.zt.narrow(0, 0, r);
            sharing.broadcast(sums.zt.data_ptr(), r * d * int64_t(sizeof(float)));
            continue;
        }
        Eigen::MatrixXd hAcc = Eigen::MatrixXd::Zero(lc, lc);
        if (sums.acc.scalar_type() == at::kDouble)
            nextSketch(sums.acc.data_ptr<double>(), sums.columnSums.data_ptr<double>(), mean,
                       basis.m, last ? nullptr : sums.zt.data_ptr<float>(), last ? &hAcc : nullptr,
                       d, context);
        else
            nextSketch(sums.acc.data_ptr<float>(), sums.columnSums.data_ptr<double>(), mean,
                       basis.m, last ? nullptr : sums.zt.data_ptr<float>(), last ? &hAcc : nullptr,
                       d, context);
        run.betweenPasses +=
            std::chrono::duration<double>(std::chrono::steady_clock::now() - between).count();
        if (last) {
            h = hAcc;
        } else {
            sums.zt = sums.zt.narrow(0, 0, r);
            if (sharing.commitRound)  // committed before any process starts the next pass
                sharing.commitRound(passKey, passes - 1, pass, passState(sums));
            if (sharing.shared() && sharing.broadcast)
                sharing.broadcast(sums.zt.data_ptr(), r * d * int64_t(sizeof(float)));
        }
    }

    if (!collector)
        return std::nullopt;
    if (batches)
        run.times = batches->times();
    PcaResult& result = run.pca;
    const at::Tensor& columnSums = sums.columnSums;
    const double sumSquares = sums.sumSquares;
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
