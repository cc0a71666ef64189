// The symmetry panels' counting against hand-worked numbers, and their data
// on a set of two networks with permuted, rescaled copies: after removal the
// copies' weights, largest-weight units and minimal masses coincide.
#include <QtTest>

#include <QTemporaryDir>

#include <cmath>
#include <vector>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/OpenSet.h"
#include "core/symmetry/PanelBinning.h"
#include "core/symmetry/SymmetryPanels.h"
#include "tests/symmetry/SymmetrySetFixture.h"

using namespace modescape;
using namespace modescape::symmetry;

class TestSymmetryPanels : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void squareBinsShareOneRangeOnBothAxes() {
        // Range [0, 4] for x and y together, two bins of width 2 per axis.
        const std::vector<double> xs{0, 1, 2, 4, 3}, ys{0, 0, 3, 4, 1};
        const SquareHistogram2d h = squareHistogram2d(xs, ys, 2);
        QCOMPARE(h.lo, 0.0);
        QCOMPARE(h.hi, 4.0);
        QCOMPARE(h.count(0, 0), std::int64_t(2));  // (0,0), (1,0)
        QCOMPARE(h.count(1, 0), std::int64_t(1));  // (3,1)
        QCOMPARE(h.count(0, 1), std::int64_t(0));
        QCOMPARE(h.count(1, 1), std::int64_t(2));  // (2,3), (4,4): the maximum goes in the last bin
        QCOMPARE(h.maximum(), std::int64_t(2));
    }

    void aSingleValueGetsAUnitRangeAroundIt() {
        const std::vector<double> xs{1, 1}, ys{1, 1};
        const SquareHistogram2d h = squareHistogram2d(xs, ys, 3);
        QCOMPARE(h.lo, 0.5);
        QCOMPARE(h.hi, 1.5);
        QCOMPARE(h.count(1, 1), std::int64_t(2));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, squareHistogram2d(xs, std::vector<double>{1}, 3));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, squareHistogram2d({}, {}, 3));
    }

    void oneDimensionalHistogram() {
        const Histogram1d a = histogram1d(std::vector<double>{0, 0.25, 0.5, 1.0}, 4);
        QCOMPARE(a.counts, (std::vector<std::int64_t>{1, 1, 1, 1}));
        QCOMPARE(a.binWidth(), 0.25);
        const Histogram1d b = histogram1d(std::vector<double>{0.1, 0.2, 0.9, std::nan("")}, 2);
        QCOMPARE(b.counts, (std::vector<std::int64_t>{2, 1}));  // NaN skipped
        QVERIFY(std::abs(b.lo - 0.1) < 1e-15 && std::abs(b.hi - 0.9) < 1e-15);
    }

    void rowOfTheLargestWeight() {
        QCOMPARE(rowOfMaximum(std::vector<float>{1, 5, 2, 7, 0, 3}, 2), 1);
        QCOMPARE(rowOfMaximum(std::vector<float>{9, 1, 1, 9}, 2), 0);  // ties: the first
        QCOMPARE(rowOfMaximum(std::vector<float>{-3, -1, -2}, 3), 1);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, rowOfMaximum(std::vector<float>{1, 2, 3}, 2));
    }

    void indexHistogramPerGroup() {
        const GroupIndexHistogram h = groupIndexHistogram({"a", "b", "a", "a"}, {0, 2, 0, 1}, 3);
        QCOMPARE(h.groups, (std::vector<std::string>{"a", "b"}));
        QCOMPARE(h.counts[0], (std::vector<std::int64_t>{2, 1, 0}));
        QCOMPARE(h.counts[1], (std::vector<std::int64_t>{0, 0, 1}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, groupIndexHistogram({"a"}, {3}, 3));
    }

    void removalMakesTheCopiesCoincide() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const std::string folder = dir.filePath("set").toStdString();
        test::writeSymmetrySet(folder);
        evaluation::LoadedSet set(io::openCheckpointSet(folder, {}));
        SymmetryPanelOptions options;
        options.elementA = 0;
        options.elementB = 3;
        const SymmetryPanelData d = computeSymmetryPanels(set, options, {});
        QCOMPARE(d.pairTensor, std::string("0.weight"));  // the first layer's weights
        QCOMPARE(d.units, 8);
        QCOMPARE(int(d.members.size()), 6);
        // Members 0-2 are group a (base, copy1, copy2), 3-5 group b.
        for (int g = 0; g < 2; ++g) {
            const int base = 3 * g;
            bool rawDiffers = false;
            for (int c = base + 1; c < base + 3; ++c) {
                QVERIFY(std::abs(d.removedA[c] - d.removedA[base]) < 1e-5);
                QVERIFY(std::abs(d.removedB[c] - d.removedB[base]) < 1e-5);
                QCOMPARE(d.removedMaxUnit[c], d.removedMaxUnit[base]);
                QVERIFY(std::abs(d.minimalMass[c] / d.minimalMass[base] - 1) < 1e-6);
                rawDiffers |= std::abs(d.rawA[c] - d.rawA[base]) > 1e-3;
                // The excess is its definition's value (a bound such as >= 0 holds
                // for any minimum and would test nothing).
                QVERIFY(std::abs(d.mass[c] / d.minimalMass[c] - 1 - d.excessMass[c]) < 1e-9);
            }
            QVERIFY(rawDiffers);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, [&] {
            SymmetryPanelOptions bad;
            bad.elementB = 16;  // 0.weight is 8 x 2
            computeSymmetryPanels(set, bad, {});
        }());
    }
};

QTEST_APPLESS_MAIN(TestSymmetryPanels)
#include "TestSymmetryPanels.moc"
