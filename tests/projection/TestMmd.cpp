// Unbiased MMD^2 with the Gaussian and Laplace families: hand-worked values,
// the bandwidth rule of algorithms.md, same vs shifted distributions, the group table;
// the streamed table (no N x N matrix) against the table from full distances.
#include <QtTest>

#include <ATen/ATen.h>

#include <cmath>
#include <random>

#include "core/common/Error.h"
#include "core/projection/Mmd.h"
#include "core/projection/StreamedMmd.h"

using namespace modescape;
using namespace modescape::projection;

namespace {

Eigen::MatrixXd gaussianSample(int n, int d, double shift, unsigned seed) {
    std::mt19937 rng(seed);
    std::normal_distribution<double> normal;
    Eigen::MatrixXd x(n, d);
    for (int i = 0; i < n; ++i)
        for (int j = 0; j < d; ++j)
            x(i, j) = normal(rng) + shift;
    return x;
}

// Members whose coordinates are multiples of 1/8 below 6 in magnitude: every
// difference and every squared distance is exact in float32 and float64, so
// the streamed and the full tables see the same distances up to cdist's
// square root (squared back). Three groups interleaved in storage order, the
// third one shifted.
at::Tensor dyadicMembers(const std::vector<int>& groupOf, int d, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> eighths(-24, 24);
    at::Tensor x = at::empty({int64_t(groupOf.size()), d}, at::kFloat);
    for (size_t i = 0; i < groupOf.size(); ++i)
        for (int j = 0; j < d; ++j)
            x[int64_t(i)][j] = float(eighths(rng) + (groupOf[i] == 2 ? 16 : 0)) / 8.0f;
    return x;
}

Eigen::MatrixXd toDouble(const at::Tensor& x) {
    const at::Tensor c = x.to(at::kDouble).contiguous();
    Eigen::MatrixXd out(c.size(0), c.size(1));
    for (int64_t i = 0; i < c.size(0); ++i)
        for (int64_t j = 0; j < c.size(1); ++j)
            out(i, j) = c[i][j].item<double>();
    return out;
}

}  // namespace

class TestMmd : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void handWorkedTwoVersusTwo() {
        // X = {0, 1}, Y = {2, 4} on a line.
        Eigen::MatrixXd points(4, 1);
        points << 0, 1, 2, 4;
        const MemberDistances d = memberDistances(points);
        const std::vector<int64_t> xs{0, 1}, ys{2, 3};
        // Gaussian, h = 2: k = exp(-t^2 / 4).
        // xx: 2/(2*1) * e^{-1/4}; yy: e^{-4/4}; xy: (2/4)(e^{-1} + e^{-4} + e^{-1/4} + e^{-9/4}).
        const double gaussian = 0.7788007830714049 + 0.36787944117144233 -
                                0.5 * (0.36787944117144233 + 0.018315638888734179 +
                                       0.7788007830714049 + 0.10539922456186433);
        QVERIFY(std::abs(gaussian - 0.5114826803961245) < 1e-12);  // the sum, evaluated once
        QVERIFY(std::abs(unbiasedMmd2(d, xs, ys, MmdKernel::Gaussian, 2.0) - gaussian) < 1e-12);
        // Laplace, h = 1: k = exp(-|t|): e^{-1} + e^{-2} - (e^{-2} + e^{-4} + e^{-1} + e^{-3}) / 2.
        const double e1 = 0.36787944117144233, e2 = 0.1353352832366127, e3 = 0.049787068367863944,
                     e4 = 0.018315638888734179;
        QVERIFY(std::abs(unbiasedMmd2(d, xs, ys, MmdKernel::Laplace, 1.0) -
                         (e1 + e2 - 0.5 * (e2 + e4 + e1 + e3))) < 1e-12);
    }

    void bandwidthRule() {
        // Min 0.05 < 0.1: h_min = max(5% quantile, 0.1); the quantile of {0.05, 0.5, 1, 3}
        // is 0.05 + 0.15 * 0.45 = 0.1175. h_max = 3. Geometric from 0.05875 to 6.
        std::vector<double> h = mmdBandwidths({1.0, 0.05, 3.0, 0.5});
        QCOMPARE(int(h.size()), 10);
        QVERIFY(std::abs(h.front() - 0.1175 / 2) < 1e-12);
        QVERIFY(std::abs(h.back() - 6.0) < 1e-12);
        const double ratio = std::pow(6.0 / (0.1175 / 2), 1.0 / 9);
        for (size_t k = 1; k < h.size(); ++k)
            QVERIFY(std::abs(h[k] / h[k - 1] - ratio) < 1e-12);
        // Quantile floored at 0.1 when it is below.
        h = mmdBandwidths({0.01, 0.02, 0.03, 2.0});
        QVERIFY(std::abs(h.front() - 0.05) < 1e-12);
        // Min above 0.1 is used as is; h_max floored at 0.3.
        h = mmdBandwidths({0.15, 0.2}, 3);
        QVERIFY(std::abs(h[0] - 0.075) < 1e-12);
        QVERIFY(std::abs(h[2] - 0.6) < 1e-12);
        QVERIFY(std::abs(h[1] - std::sqrt(0.075 * 0.6)) < 1e-12);
    }

    void sameDistributionNearZeroShiftedPositive() {
        const Eigen::MatrixXd a = gaussianSample(150, 5, 0.0, 1);
        const Eigen::MatrixXd b = gaussianSample(150, 5, 0.0, 2);
        const Eigen::MatrixXd c = gaussianSample(150, 5, 1.0, 3);
        const MmdResult same = mmd(a, b);
        const MmdResult shifted = mmd(a, c);
        QCOMPARE(int(same.values.size()), 20);
        int gaussians = 0;
        for (const MmdValue& v : same.values) {
            gaussians += v.kernel == MmdKernel::Gaussian;
            QVERIFY2(std::abs(v.mmd2) < 0.01, qPrintable(QString("%1 h=%2 mmd2=%3")
                                                             .arg(mmdKernelName(v.kernel))
                                                             .arg(v.bandwidth)
                                                             .arg(v.mmd2)));
        }
        QCOMPARE(gaussians, 10);
        QVERIFY(shifted.maximum.mmd2 > 0.2);
        QVERIFY(shifted.maximum.mmd2 > 20 * std::abs(same.maximum.mmd2));
        for (const MmdValue& v : shifted.values)
            QVERIFY(v.mmd2 <= shifted.maximum.mmd2);
    }

    void groupTable() {
        Eigen::MatrixXd all(120, 4);
        all << gaussianSample(40, 4, 0.0, 4), gaussianSample(40, 4, 2.0, 5),
            gaussianSample(40, 4, 0.0, 6);
        std::vector<std::string> groups;
        for (int i = 0; i < 120; ++i)
            groups.push_back(i < 40 ? "swag" : i < 80 ? "shifted" : "ensemble");
        const MmdTable table = mmdTable(memberDistances(all), groups);
        QCOMPARE(table.groups, (std::vector<std::string>{"swag", "shifted", "ensemble"}));
        QCOMPARE(int(table.pairs.size()), 3);
        QCOMPARE(table.maximum(0, 0), 0.0);
        QCOMPARE(table.maximum(0, 1), table.maximum(1, 0));
        QVERIFY(table.maximum(0, 1) > 0.3);
        QVERIFY(table.maximum(1, 2) > 0.3);
        QVERIFY(std::abs(table.maximum(0, 2)) < 0.05);
    }

    // The streamed table equals the full-distance table: the same bandwidths
    // and MMD^2 for every pair, kernel and bandwidth. Tolerances: the squared
    // distances differ by an ulp or two (cdist's square root squared back),
    // the bandwidths by as much (1e-14 relative); each kernel mean sums at most
    // 21^2 terms in [0, 1] in another order, so reordering moves it by at most
    // 441 eps = 1e-13, and MMD^2 combines three such means (3e-13 absolute).
    void streamedTableEqualsFullTable() {
        std::vector<int> groupOf;
        std::vector<std::string> labels;
        const char* names[] = {"a", "b", "c"};
        for (int i = 0; i < 31; ++i) {
            groupOf.push_back(i % 3 == 0 ? 0 : i % 5 == 1 ? 1 : 2);
            labels.push_back(names[groupOf.back()]);
        }
        const at::Tensor x = dyadicMembers(groupOf, 40, 7);
        MmdOptions options;
        options.maxBandwidthSamples = 6;  // evenly spaced subsets, not every member
        const MmdTable full = mmdTable(memberDistances(toDouble(x)), labels, options);

        StreamedMmdOptions streaming;
        streaming.tileRows = 8;      // tiles of at most 8 x 8 pairs
        streaming.maxPanelRows = 5;  // 7 panels: pairs across panels and batches
        StreamedMmdStats stats;
        const MmdTable streamed =
            streamedMmdTable(TensorRowSource(x), labels, options, JobContext{}, streaming, &stats);

        QCOMPARE(streamed.groups, full.groups);
        QCOMPARE(streamed.pairs.size(), full.pairs.size());
        double worst = 0;
        for (size_t p = 0; p < full.pairs.size(); ++p) {
            QCOMPARE(streamed.pairs[p].values.size(), size_t(20));
            for (size_t v = 0; v < 20; ++v) {
                const MmdValue& a = full.pairs[p].values[v];
                const MmdValue& b = streamed.pairs[p].values[v];
                QCOMPARE(b.kernel, a.kernel);
                QVERIFY(std::abs(b.bandwidth / a.bandwidth - 1) < 1e-14);
                QVERIFY2(std::abs(b.mmd2 - a.mmd2) < 3e-13,
                         qPrintable(QString("pair %1 value %2: %3 vs %4")
                                        .arg(p)
                                        .arg(v)
                                        .arg(b.mmd2, 0, 'g', 17)
                                        .arg(a.mmd2, 0, 'g', 17)));
                worst = std::max(worst, std::abs(b.mmd2 - a.mmd2));
            }
            QCOMPARE(streamed.pairs[p].maximum.kernel, full.pairs[p].maximum.kernel);
            QVERIFY(std::abs(streamed.pairs[p].maximum.bandwidth / full.pairs[p].maximum.bandwidth -
                             1) < 1e-14);
        }
        qInfo("streamed vs full MMD^2: largest difference %.2e", worst);
        QVERIFY(std::abs(streamed.maximum(0, 2) - full.maximum(0, 2)) < 3e-13);
        qInfo("max MMD^2: a-b %.3g, a-c %.3g", streamed.maximum(0, 1), streamed.maximum(0, 2));
        QVERIFY(streamed.maximum(0, 2) > 0.1);  // the shifted group differs
        QCOMPARE(streamed.maximum(1, 0), streamed.maximum(0, 1));

        // What was held: tiles of at most 8 x 8 pairs, never the 31 x 31 table;
        // the bandwidths came from a subset of the members only.
        QVERIFY(stats.largestTile <= 64);
        QCOMPARE(stats.passes, int64_t(7));
        QVERIFY(stats.bandwidthMembers >= 6 && stats.bandwidthMembers < 18);
        // Every pair i < j once: the 7 panels with themselves in tiles, then each
        // panel against the later members in batches; at least 465 / 64 tiles.
        QVERIFY(stats.tiles >= 8);
        QCOMPARE(QString::fromStdString(describeStreamedMmd(stats)).left(38),
                 QString("streamed (7 passes over the members, b"));
    }

    // From block-pair units (as MPI ranks compute them, in another order) the
    // same table: the same bandwidths, the kernel sums of other tiles added
    // in another order (each mean moves by at most 441 eps, as above).
    void sharedTableEqualsStreamedTable() {
        std::vector<int> groupOf;
        std::vector<std::string> labels;
        for (int i = 0; i < 21; ++i) {
            groupOf.push_back(i % 3 == 0 ? 0 : 1);
            labels.push_back(i % 3 == 0 ? "a" : "b");
        }
        const at::Tensor x = dyadicMembers(groupOf, 30, 9);
        MmdOptions options;
        options.maxBandwidthSamples = 6;
        StreamedMmdOptions streaming;
        streaming.tileRows = 4;
        const MmdTable streamed =
            streamedMmdTable(TensorRowSource(x), labels, options, JobContext{}, streaming);
        UnitSharing sharing;
        sharing.processes = 3;  // 6 blocks of 4 members (the last 1): 21 block pairs
        int taken = 0;
        sharing.share = [&](const UnitWork& work, const JobContext& job) {
            for (auto u = work.units.rbegin(); u != work.units.rend(); ++u, ++taken)
                work.take({*u}, work.compute({*u}, job));
            return true;
        };
        StreamedMmdStats stats;
        const auto shared = sharedMmdTable(TensorRowSource(x), labels, options, sharing,
                                           JobContext{}, streaming, &stats);
        QVERIFY(shared.has_value());
        QCOMPARE(taken, 21);
        QCOMPARE(stats.blockPairs, std::int64_t(21));
        QCOMPARE(shared->pairs.size(), streamed.pairs.size());
        for (std::size_t v = 0; v < 20; ++v) {
            const MmdValue& a = streamed.pairs[0].values[v];
            const MmdValue& b = shared->pairs[0].values[v];
            QCOMPARE(b.bandwidth, a.bandwidth);  // chosen by the same code from the same rows
            QVERIFY2(std::abs(b.mmd2 - a.mmd2) < 3e-13,
                     qPrintable(QString("%1: %2 vs %3").arg(v).arg(b.mmd2).arg(a.mmd2)));
        }
        QVERIFY(shared->maximum(0, 1) > 0);
        QVERIFY(QString::fromStdString(describeStreamedMmd(stats)).contains("21 block pairs"));

        sharing.share = [](const UnitWork&, const JobContext&) { return false; };
        QVERIFY(!sharedMmdTable(TensorRowSource(x), labels, options, sharing, JobContext{})
                     .has_value());
    }

    // With the default bandwidth sample (every member) and one pass.
    void streamedTwoGroupsInOnePass() {
        std::vector<int> groupOf(24, 0);
        std::vector<std::string> labels(24, "x");
        for (int i = 12; i < 24; ++i)
            groupOf[size_t(i)] = 2, labels[size_t(i)] = "y";
        const at::Tensor x = dyadicMembers(groupOf, 30, 3);
        const MmdTable full = mmdTable(memberDistances(toDouble(x)), labels);
        StreamedMmdStats stats;
        const MmdTable streamed =
            streamedMmdTable(TensorRowSource(x), labels, {}, JobContext{}, {}, &stats);
        QCOMPARE(stats.passes, int64_t(1));
        QCOMPARE(stats.bandwidthMembers, int64_t(24));
        // As above: reordered sums of at most 12^2 terms, three means.
        QVERIFY(std::abs(streamed.maximum(0, 1) - full.maximum(0, 1)) < 3e-13);
        QCOMPARE(streamed.pairs[0].maximum.kernel, full.pairs[0].maximum.kernel);
    }

    // The passes report every member read (the time left comes from these
    // fractions, per round) and stop at a cancel: Cancelled after the 5th
    // report asked for it, long before the set was read.
    void streamedTableReportsAndCancels() {
        std::vector<int> groupOf(24, 0);
        std::vector<std::string> labels(24, "x");
        for (int i = 12; i < 24; ++i)
            groupOf[size_t(i)] = 2, labels[size_t(i)] = "y";
        const at::Tensor x = dyadicMembers(groupOf, 30, 3);
        std::vector<double> fractions;
        JobContext context;
        context.progress = [&](double fraction, const std::string&) {
            fractions.push_back(fraction);
        };
        streamedMmdTable(TensorRowSource(x), labels, {}, context);
        QVERIFY(fractions.size() >= 24);  // at least one report per member read
        const CancellationToken token = context.cancel;
        context.progress = [&fractions, token](double, const std::string&) {
            if (fractions.size() == 4)
                token.cancel();
            fractions.push_back(0);
        };
        fractions.clear();
        QVERIFY_THROWS_EXCEPTION(Cancelled,
                                 streamedMmdTable(TensorRowSource(x), labels, {}, context));
        QVERIFY(fractions.size() < 24);
    }

    void streamedErrors() {
        const at::Tensor x = at::rand({5, 3});
        QVERIFY_THROWS_EXCEPTION(
            ShapeMismatch, streamedMmdTable(TensorRowSource(x), {"a", "b"}, {}, JobContext{}));
        QVERIFY_THROWS_EXCEPTION(
            InvalidArgument,
            streamedMmdTable(TensorRowSource(x), {"a", "a", "b", "a", "a"}, {}, JobContext{}));
        // One group: nothing to compare, an empty table, no pass.
        StreamedMmdStats stats;
        const MmdTable one = streamedMmdTable(TensorRowSource(x), {"a", "a", "a", "a", "a"}, {},
                                              JobContext{}, {}, &stats);
        QCOMPARE(one.pairs.size(), size_t(0));
        QCOMPARE(stats.passes, int64_t(0));
    }

    void errors() {
        Eigen::MatrixXd one(1, 3), two(2, 3), other(2, 4);
        one.setZero(), two.setOnes(), other.setOnes();
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, mmd(one, two));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, mmd(two, other));
        const MemberDistances d = memberDistances(Eigen::MatrixXd::Identity(4, 4));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 unbiasedMmd2(d, {0, 1}, {2, 9}, MmdKernel::Laplace, 1));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 unbiasedMmd2(d, {0, 1}, {2, 3}, MmdKernel::Laplace, 0));
    }
};

QTEST_APPLESS_MAIN(TestMmd)
#include "TestMmd.moc"
