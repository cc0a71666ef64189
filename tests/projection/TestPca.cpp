// PCA by the streamed Gram method against an explicit SVD; distances and MDS from the same Gram.
#include <QtTest>

#include <ATen/ATen.h>

#include <cmath>
#include <cstring>
#include <random>

#include "core/common/Error.h"
#include "core/projection/Distances.h"
#include "core/projection/GramKernels.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/Pca.h"
#include "core/projection/PrefetchedRows.h"
#include "core/projection/StreamedGram.h"

using namespace modescape;
using namespace modescape::projection;

namespace {

// N x D members with a large shared offset (like checkpoints of one network) and
// decreasing spread per direction, so the singular values are distinct.
Eigen::MatrixXd members(int n, int d, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd x(n, d);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j)
            x(i, j) = 5.0 + normal(rng) * (1.0 + 3.0 / (1 + j));
    return x;
}

at::Tensor asTensor(const Eigen::MatrixXd& m) {
    at::Tensor t = at::empty({m.rows(), m.cols()}, at::kDouble);
    for (Eigen::Index i = 0; i < m.rows(); ++i)
        for (Eigen::Index j = 0; j < m.cols(); ++j)
            t[i][j] = m(i, j);
    return t;
}

// Flip each column of `b` to agree with `a` in sign, then compare.
double maxDifferenceUpToSign(const Eigen::MatrixXd& a, Eigen::MatrixXd b) {
    for (Eigen::Index j = 0; j < b.cols(); ++j)
        if (a.col(j).dot(b.col(j)) < 0)
            b.col(j) *= -1;
    return (a - b).cwiseAbs().maxCoeff();
}

// Largest difference relative to the largest entry of the reference.
double relativeDifference(const Eigen::MatrixXd& reference, const Eigen::MatrixXd& b) {
    return (reference - b).cwiseAbs().maxCoeff() / reference.cwiseAbs().maxCoeff();
}

// A float32 [n, d] set like members(): a shared offset of 5 and spreads that fall with the column.
at::Tensor float32Members(int64_t n, int64_t d, uint64_t seed) {
    at::manual_seed(seed);
    const at::Tensor spread = 1.0 + 3.0 / (1.0 + at::arange(d, at::kDouble));
    return (5.0 + at::randn({n, d}, at::kDouble) * spread).to(at::kFloat);
}

// A block source that throws on its `failAt`-th block (0-based), as a failing disk would.
struct FailingBlocks : MemberBlockSource {
    at::Tensor x;
    int failAt;
    mutable int calls = 0;
    FailingBlocks(at::Tensor members, int fail) : x(std::move(members)), failAt(fail) {}
    int64_t memberCount() const override { return x.size(0); }
    int64_t parameterCount() const override { return x.size(1); }
    at::Tensor block(int64_t d0, int64_t d1) const override {
        if (calls++ == failAt)
            throw IoError("members.f32", "short read");
        return x.slice(1, d0, d1);
    }
};

}  // namespace

class TestPca : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void handWorkedSquare() {
        // Four members in 2-D, already centred: x variance 2/3, y variance (0.25 + 0.25) / 3.
        Eigen::MatrixXd x(4, 2);
        x << 1, 0, -1, 0, 0, 0.5, 0, -0.5;
        TensorBlockSource source(asTensor(x));
        const PcaResult r = pca(source, {2, 1}, JobContext{});
        QCOMPARE(r.scores.rows(), 4);
        QVERIFY(std::abs(r.explainedVariance[0] - 2.0 / 3.0) < 1e-12);
        QVERIFY(std::abs(r.explainedVariance[1] - 1.0 / 6.0) < 1e-12);
        QVERIFY(std::abs(r.explainedVarianceRatio[0] - 0.8) < 1e-12);
        QVERIFY(std::abs(r.explainedVarianceRatio[1] - 0.2) < 1e-12);
        // Sign convention: the largest-magnitude score (first on ties) is positive.
        const double expected[4][2] = {{1, 0}, {-1, 0}, {0, 0.5}, {0, -0.5}};
        for (int i = 0; i < 4; ++i)
            for (int j = 0; j < 2; ++j)
                QVERIFY(std::abs(r.scores(i, j) - expected[i][j]) < 1e-12);
    }

    void scoresMatchExplicitSvd() {
        const int n = 12, d = 37;
        const Eigen::MatrixXd x = members(n, d, 7);
        const Eigen::MatrixXd x0 = x.rowwise() - x.colwise().mean();
        Eigen::JacobiSVD<Eigen::MatrixXd> svd(x0, Eigen::ComputeThinU | Eigen::ComputeThinV);
        const int k = 4;
        const Eigen::MatrixXd expectedScores =
            svd.matrixU().leftCols(k) * svd.singularValues().head(k).asDiagonal();
        const double total = svd.singularValues().squaredNorm();

        TensorBlockSource source(asTensor(x));
        const PcaResult r = pca(source, {k, 5}, JobContext{});
        QVERIFY(maxDifferenceUpToSign(expectedScores, r.scores) < 1e-5);
        for (int j = 0; j < k; ++j) {
            const double s = svd.singularValues()(j);
            QVERIFY(std::abs(r.singularValues[size_t(j)] - s) < 1e-8);
            QVERIFY(std::abs(r.explainedVariance[size_t(j)] - s * s / (n - 1)) < 1e-8);
            QVERIFY(std::abs(r.explainedVarianceRatio[size_t(j)] - s * s / total) < 1e-10);
        }
        QVERIFY(std::abs(r.totalVariance - total / (n - 1)) < 1e-8);

        // Directions from the second pass: V up to the same signs as the scores.
        const Eigen::MatrixXd v = pcaComponents(source, r, JobContext{}, 6);
        QCOMPARE(v.rows(), d);
        QVERIFY(maxDifferenceUpToSign(svd.matrixV().leftCols(k), v) < 1e-8);
        QVERIFY((v.transpose() * v - Eigen::MatrixXd::Identity(k, k)).cwiseAbs().maxCoeff() <
                1e-10);
        // Consistency of signs: scores = X0 V.
        QVERIFY(((x0 * v) - r.scores).cwiseAbs().maxCoeff() < 1e-8);
    }

    void blockSizesGiveIdenticalResults() {
        const Eigen::MatrixXd x = members(9, 50, 3);
        const at::Tensor tensor = asTensor(x);
        const at::Tensor original = tensor.clone();
        TensorBlockSource source(tensor);
        const PcaResult reference = pca(source, {3, 50}, JobContext{});
        pcaComponents(source, reference, JobContext{}, 7);
        QVERIFY(at::equal(tensor, original));  // the caller's data is never modified in place
        for (int64_t block : {1, 2, 7, 16, 49, 1000}) {
            const PcaResult r = pca(source, {3, block}, JobContext{});
            QVERIFY2((r.scores - reference.scores).cwiseAbs().maxCoeff() < 1e-10,
                     qPrintable(QString("block %1").arg(block)));
            for (int j = 0; j < 3; ++j)
                QVERIFY(std::abs(r.explainedVariance[size_t(j)] -
                                 reference.explainedVariance[size_t(j)]) < 1e-10);
        }
    }

    void callbackSourceReadsFloat32() {
        const int n = 6, d = 20;
        const Eigen::MatrixXd x = members(n, d, 11);
        std::vector<float> rowMajor(size_t(n * d));
        for (int i = 0; i < n; ++i)
            for (int j = 0; j < d; ++j)
                rowMajor[size_t(i * d + j)] = float(x(i, j));
        int calls = 0;
        CallbackBlockSource source(n, d, [&](int64_t d0, int64_t d1, float* out) {
            ++calls;
            for (int i = 0; i < n; ++i)
                for (int64_t j = d0; j < d1; ++j)
                    *out++ = rowMajor[size_t(i * d + j)];
        });
        const PcaResult r = pca(source, {2, 3}, JobContext{});
        QCOMPARE(calls, 7);  // ceil(20 / 3) blocks, one pass
        Eigen::MatrixXd asFloat = x.cast<float>().cast<double>();
        TensorBlockSource exact(asTensor(asFloat));
        QVERIFY((pca(exact, {2, 0}, JobContext{}).scores - r.scores).cwiseAbs().maxCoeff() < 1e-9);
    }

    void distancesFromGram() {
        const Eigen::MatrixXd x = members(8, 15, 5);
        TensorBlockSource source(asTensor(x));
        const GramMatrices g = computeGram(source, JobContext{}, 4);
        QVERIFY((g.raw - x * x.transpose()).cwiseAbs().maxCoeff() < 1e-9);
        const Eigen::MatrixXd euclid = euclideanDistancesFromGram(g.centred);
        const Eigen::MatrixXd euclidRaw = euclideanDistancesFromGram(g.raw);
        const Eigen::MatrixXd cosine = cosineDistancesFromGram(g.raw);
        for (int i = 0; i < 8; ++i)
            for (int j = 0; j < 8; ++j) {
                const double direct = (x.row(i) - x.row(j)).norm();
                QVERIFY(std::abs(euclid(i, j) - direct) < 1e-9);
                QVERIFY(std::abs(euclidRaw(i, j) - direct) < 1e-6);
                const double cos = x.row(i).dot(x.row(j)) / (x.row(i).norm() * x.row(j).norm());
                QVERIFY(std::abs(cosine(i, j) - (i == j ? 0.0 : 1.0 - cos)) < 1e-10);
            }
        // Streamed squared-Euclidean and L1 distances, exact differences.
        const MemberDistances streamed = computeMemberDistances(source, JobContext{}, 4);
        const MemberDistances direct = memberDistances(x);
        QVERIFY((streamed.squaredEuclidean - direct.squaredEuclidean).cwiseAbs().maxCoeff() < 1e-9);
        QVERIFY((streamed.manhattan - direct.manhattan).cwiseAbs().maxCoeff() < 1e-9);
        QVERIFY(std::abs(direct.manhattan(0, 1) - (x.row(0) - x.row(1)).lpNorm<1>()) < 1e-12);
    }

    void cosineRejectsZeroMember() {
        Eigen::MatrixXd gram = Eigen::MatrixXd::Identity(3, 3);
        gram(1, 1) = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, cosineDistancesFromGram(gram));
    }

    void classicalMdsOfEuclideanDistancesIsPca() {
        const Eigen::MatrixXd x = members(10, 30, 9);
        TensorBlockSource source(asTensor(x));
        GramMatrices g;
        const PcaResult r = pca(source, {2, 0}, JobContext{}, &g);
        const MdsResult mds = classicalMds(euclideanDistancesFromGram(g.centred), 2);
        // Same eigenproblem and the same sign convention: equal, not just up to sign.
        QVERIFY((mds.coordinates - r.scores).cwiseAbs().maxCoeff() < 1e-6);
        QVERIFY(mds.negativeEigenvalueMass < 1e-9);
    }

    void classicalMdsHandWorked() {
        // Three points on a line at 0, 1, 3: one dimension reproduces them (centred: -4/3, -1/3,
        // 5/3).
        Eigen::MatrixXd d(3, 3);
        d << 0, 1, 3, 1, 0, 2, 3, 2, 0;
        const MdsResult mds = classicalMds(d, 1);
        QVERIFY(std::abs(mds.coordinates(0, 0) - (-4.0 / 3)) < 1e-10);
        QVERIFY(std::abs(mds.coordinates(1, 0) - (-1.0 / 3)) < 1e-10);
        QVERIFY(std::abs(mds.coordinates(2, 0) - 5.0 / 3) < 1e-10);
        QVERIFY(std::abs(mds.eigenvalues[0] - (16.0 + 1.0 + 25.0) / 9) < 1e-10);
    }

    void errorsAndCancellation() {
        TensorBlockSource one(at::ones({1, 5}, at::kDouble));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, pca(one, {}, JobContext{}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, TensorBlockSource(at::ones({3}, at::kDouble)));

        struct ShortBlocks : MemberBlockSource {
            int64_t memberCount() const override { return 3; }
            int64_t parameterCount() const override { return 10; }
            at::Tensor block(int64_t d0, int64_t d1) const override {
                return at::zeros({3, d1 - d0 - 1});
            }
        } shortBlocks;
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, computeGram(shortBlocks, JobContext{}));

        JobContext context;
        std::vector<double> fractions;
        context.progress = [&](double f, const std::string&) { fractions.push_back(f); };
        TensorBlockSource source(asTensor(members(4, 10, 1)));
        computeGram(source, context, 3);
        QCOMPARE(int(fractions.size()), 4);
        QCOMPARE(fractions.back(), 1.0);
        context.cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, pca(source, {}, context));
    }

    // The float32 path (ssyrk per 4,096-column chunk, chunks summed in float64)
    // against the exact float64 products of the same float32 values: 1e-5 of
    // the largest entry (float32 rounding over a chunk is at most about
    // 6e-8 x sqrt(4,096) = 3.8e-6 of the shifted Gram, whose entries may exceed
    // the centred ones), whatever the block size (odd ones included) and the
    // panel of the row path.
    void float32GramMatchesExactGram() {
        const at::Tensor x = float32Members(37, 9001, 3);
        TensorBlockSource source(x);
        const GramMatrices exact = computeGramDense(source, JobContext{}, 2000);
        for (const int64_t block :
             {int64_t(1000), int64_t(777), int64_t(4097), int64_t(9001), int64_t(100000)}) {
            const GramMatrices fast =
                computeGram(source, JobContext{}, block, GramProducts::Float32);
            const double centred = relativeDifference(exact.centred, fast.centred);
            QVERIFY2(centred < 1e-5, qPrintable(QString("block %1: %2").arg(block).arg(centred)));
            QVERIFY(relativeDifference(exact.raw, fast.raw) < 1e-5);
            QVERIFY(centred > 0);  // really float32: not the float64 path
        }
        // The float64 products through the pipelined reader equal the dense path bit for bit.
        const GramMatrices dense64 = computeGram(source, JobContext{}, 2000, GramProducts::Float64);
        QVERIFY(dense64.centred == exact.centred);
        QVERIFY(dense64.raw == exact.raw);
        for (const int64_t panel : {int64_t(0), int64_t(5), int64_t(11)}) {
            int64_t passes = 0;
            const GramMatrices rows = streamedGram(TensorRowSource(x), JobContext{}, &passes, panel,
                                                   GramProducts::Float32);
            QCOMPARE(passes, panel == 0 ? int64_t(1) : (37 + panel - 1) / panel);
            QVERIFY2(relativeDifference(exact.centred, rows.centred) < 1e-5,
                     qPrintable(QString("panel %1").arg(panel)));
            QVERIFY(relativeDifference(exact.raw, rows.raw) < 1e-5);
        }
        // Auto keeps small sets exact and takes float32 from 1e10 multiply-adds.
        QVERIFY(resolveGramProducts(GramProducts::Auto, 37, 9001) == GramProducts::Float64);
        QVERIFY(resolveGramProducts(GramProducts::Auto, 500, 200000) == GramProducts::Float32);
        QVERIFY(resolveGramProducts(GramProducts::Float64, 500, 200000) == GramProducts::Float64);
    }

    // float16 members: converted by F16C (or the plain loop) to the same float32
    // values LibTorch gives, then the same products.
    void float16MembersGiveTheGramOfTheirValues() {
        const at::Tensor x16 = float32Members(21, 5003, 4).to(at::kHalf);
        const GramMatrices exact =
            computeGramDense(TensorBlockSource(x16.to(at::kFloat)), JobContext{}, 1001);
        const GramMatrices fast =
            computeGram(TensorBlockSource(x16), JobContext{}, 1001, GramProducts::Float32);
        QVERIFY2(relativeDifference(exact.centred, fast.centred) < 1e-5,
                 qPrintable(QString::number(relativeDifference(exact.centred, fast.centred))));
        QVERIFY2(relativeDifference(exact.raw, fast.raw) < 1e-5,
                 qPrintable(QString::number(relativeDifference(exact.raw, fast.raw))));

        // Every half bit pattern, one at a time (the plain loop) and in bulk (F16C
        // where the CPU has it, the tail by the loop), against LibTorch's conversion.
        std::vector<uint16_t> bits(65536 + 5);
        for (size_t i = 0; i < bits.size(); ++i)
            bits[i] = uint16_t(i < 65536 ? i : i * 7919);
        std::vector<float> bulk(bits.size());
        halfToFloat(bits.data(), bulk.data(), int64_t(bits.size()));
        for (size_t i = 0; i < bits.size(); ++i) {
            at::Half h;
            std::memcpy(&h, &bits[i], sizeof h);
            const float expected = float(h);
            float single = 0;
            halfToFloat(&bits[i], &single, 1);
            for (const float got : {single, bulk[i]}) {
                const bool same = std::isnan(expected)
                                      ? std::isnan(got)
                                      : std::memcmp(&got, &expected, sizeof got) == 0;
                QVERIFY2(same, qPrintable(QString("half 0x%1").arg(bits[i], 4, 16, QChar('0'))));
            }
        }
    }

    // The reader thread changes when blocks are read, never what is computed.
    void overlappedReaderGivesIdenticalResults() {
        const at::Tensor x = float32Members(13, 3000, 5);
        TensorBlockSource source(x);
        for (const GramProducts products : {GramProducts::Float32, GramProducts::Float64}) {
            const GramMatrices overlapped = computeGram(source, JobContext{}, 333, products, true);
            const GramMatrices inline_ = computeGram(source, JobContext{}, 333, products, false);
            QVERIFY(overlapped.centred == inline_.centred);
            QVERIFY(overlapped.raw == inline_.raw);
            const PcaResult r = pcaFromGram(overlapped.centred, 3);
            const Eigen::MatrixXd v1 = pcaComponents(source, r, JobContext{}, 333, products, true);
            const Eigen::MatrixXd v2 = pcaComponents(source, r, JobContext{}, 333, products, false);
            QVERIFY(v1 == v2);
        }
        // Float32 directions against float64 ones: unit columns agree to 1e-5.
        const PcaResult r = pca(source, {3, 333, GramProducts::Float64}, JobContext{});
        const Eigen::MatrixXd exact =
            pcaComponents(source, r, JobContext{}, 500, GramProducts::Float64);
        const Eigen::MatrixXd fast =
            pcaComponents(source, r, JobContext{}, 500, GramProducts::Float32);
        QVERIFY2((exact - fast).cwiseAbs().maxCoeff() < 1e-5,
                 qPrintable(QString::number((exact - fast).cwiseAbs().maxCoeff())));
        QVERIFY(std::abs(fast.col(0).norm() - 1) < 1e-5);

        // Rows read ahead on a thread reach the visitor unchanged and in order.
        const TensorRowSource rows(x);
        const PrefetchedRowSource prefetched(rows);
        int64_t next = 2;
        prefetched.read(
            2,
            [&](int64_t i, const at::Tensor& row) {
                QCOMPARE(i, next++);
                QVERIFY(at::equal(row, x[i]));
            },
            JobContext{});
        QCOMPARE(next, int64_t(13));
    }

    // Cancel, a failing read and a failing visitor stop the reader thread and
    // reach the caller.
    void pipelinedPassesCancelAndFail() {
        const at::Tensor x = float32Members(9, 2000, 6);
        for (const bool overlap : {true, false}) {
            JobContext context;
            int reports = 0;
            const CancellationToken token = context.cancel;
            context.progress = [&](double, const std::string&) {
                if (++reports == 2)
                    token.cancel();
            };
            QVERIFY_THROWS_EXCEPTION(Cancelled, computeGram(TensorBlockSource(x), context, 100,
                                                            GramProducts::Float32, overlap));
            QCOMPARE(reports, 2);  // stopped at the next block, not at the end
            QVERIFY_THROWS_EXCEPTION(IoError, computeGram(FailingBlocks(x, 3), JobContext{}, 100,
                                                          GramProducts::Float32, overlap));
            const PcaResult r = pca(TensorBlockSource(x), {2, 100}, JobContext{});
            QVERIFY_THROWS_EXCEPTION(IoError, pcaComponents(FailingBlocks(x, 5), r, JobContext{},
                                                            100, GramProducts::Float32, overlap));
        }
        JobContext cancelled;
        cancelled.cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, streamedGram(TensorRowSource(x), cancelled, nullptr, 3,
                                                         GramProducts::Float32));
        const TensorRowSource rows(x);
        const PrefetchedRowSource prefetched(rows);
        int visited = 0;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, prefetched.read(
                                                      0,
                                                      [&](int64_t i, const at::Tensor&) {
                                                          ++visited;
                                                          if (i == 4)
                                                              throw InvalidArgument("stop");
                                                      },
                                                      JobContext{}));
        QCOMPARE(visited, 5);
    }
};

QTEST_APPLESS_MAIN(TestPca)
#include "TestPca.moc"
