// PCA by the streamed Gram method against an explicit SVD; distances and MDS from the same Gram.
#include <QtTest>

#include <ATen/ATen.h>

#include <random>

#include "core/common/Error.h"
#include "core/projection/Distances.h"
#include "core/projection/GramMatrix.h"
#include "core/projection/Pca.h"

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
};

QTEST_APPLESS_MAIN(TestPca)
#include "TestPca.moc"
