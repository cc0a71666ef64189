// The O(n^3) assignment solver against brute force, and a planted permutation.
#include <QtTest>

#include <algorithm>
#include <numeric>
#include <random>

#include "core/common/Error.h"
#include "core/projection/LinearAssignment.h"

using namespace modescape;
using namespace modescape::projection;

namespace {

double bruteForceMaximum(const Eigen::MatrixXd& a) {
    std::vector<int> perm(size_t(a.rows()));
    std::iota(perm.begin(), perm.end(), 0);
    double best = -std::numeric_limits<double>::infinity();
    do {
        double total = 0;
        for (size_t i = 0; i < perm.size(); ++i)
            total += a(Eigen::Index(i), perm[i]);
        best = std::max(best, total);
    } while (std::next_permutation(perm.begin(), perm.end()));
    return best;
}

bool isPermutation(std::vector<int> p) {
    std::sort(p.begin(), p.end());
    for (size_t i = 0; i < p.size(); ++i)
        if (p[i] != int(i))
            return false;
    return true;
}

}  // namespace

class TestLinearAssignment : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void handWorked() {
        // Greedy would take the 9 (total 16); the optimum is 8 + 7 + 6 = 21.
        Eigen::MatrixXd a(3, 3);
        a << 9, 8, 1, 7, 1, 1, 1, 1, 6;
        const Assignment r = maximiseAssignment(a);
        QCOMPARE(r.columnOfRow, (std::vector<int>{1, 0, 2}));
        QCOMPARE(r.total, 21.0);
        const Assignment m = minimiseAssignment(a);
        // The only all-ones permutation.
        QCOMPARE(m.columnOfRow, (std::vector<int>{2, 1, 0}));
        QCOMPARE(m.total, 3.0);
    }

    void equalsBruteForceOn200Matrices() {
        std::mt19937 rng(1234);
        for (int trial = 0; trial < 200; ++trial) {
            const int n = 1 + trial % 7;
            Eigen::MatrixXd a(n, n);
            const int kind = trial % 3;
            std::uniform_int_distribution<int> smallInt(-3, 3);  // many ties
            std::uniform_real_distribution<double> real(-10.0, 10.0);
            for (int i = 0; i < n; ++i)
                for (int j = 0; j < n; ++j)
                    a(i, j) = kind == 0   ? smallInt(rng)
                              : kind == 1 ? real(rng)
                                          : -std::abs(real(rng));
            const Assignment r = maximiseAssignment(a);
            QVERIFY(isPermutation(r.columnOfRow));
            double total = 0;
            for (int i = 0; i < n; ++i)
                total += a(i, r.columnOfRow[size_t(i)]);
            QVERIFY(std::abs(total - r.total) < 1e-9);
            QVERIFY2(std::abs(total - bruteForceMaximum(a)) < 1e-9,
                     qPrintable(QString("trial %1, n %2").arg(trial).arg(n)));
        }
    }

    void recoversPlantedPermutationOf300() {
        const int n = 300;
        std::mt19937 rng(99);
        std::vector<int> planted(n);
        std::iota(planted.begin(), planted.end(), 0);
        std::shuffle(planted.begin(), planted.end(), rng);
        // Weight-matching shape: rows of W, rows of W permuted plus noise; score = correlation.
        std::normal_distribution<double> normal;
        Eigen::MatrixXd w(n, 64), permuted(n, 64);
        for (int i = 0; i < n; ++i)
            for (int c = 0; c < 64; ++c)
                w(i, c) = normal(rng);
        for (int i = 0; i < n; ++i)
            for (int c = 0; c < 64; ++c)
                permuted(planted[size_t(i)], c) = w(i, c) + 0.1 * normal(rng);
        const Assignment r = maximiseAssignment(w * permuted.transpose());
        QCOMPARE(r.columnOfRow, planted);
    }

    void edgeCases() {
        QVERIFY(maximiseAssignment(Eigen::MatrixXd(0, 0)).columnOfRow.empty());
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, maximiseAssignment(Eigen::MatrixXd::Zero(2, 3)));
        Eigen::MatrixXd nan = Eigen::MatrixXd::Zero(2, 2);
        nan(0, 1) = std::numeric_limits<double>::quiet_NaN();
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, maximiseAssignment(nan));
        // All equal: any permutation is optimal; the result must still be one.
        const Assignment r = maximiseAssignment(Eigen::MatrixXd::Constant(5, 5, -2.0));
        QVERIFY(isPermutation(r.columnOfRow));
        QCOMPARE(r.total, -10.0);
    }
};

QTEST_APPLESS_MAIN(TestLinearAssignment)
#include "TestLinearAssignment.moc"
