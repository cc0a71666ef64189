// Unbiased MMD^2 with the Gaussian and Laplace families: hand-worked values,
// the bandwidth rule of algorithms.md, same vs shifted distributions, the group table.
#include <QtTest>

#include <cmath>
#include <random>

#include "core/common/Error.h"
#include "core/projection/Mmd.h"

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
