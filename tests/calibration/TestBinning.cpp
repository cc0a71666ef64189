// Reliability tables: ECE, MCE, RMSCE and the bin conventions, worked on paper.
#include <QtTest>

#include <cmath>
#include <vector>

#include "core/calibration/Binning.h"
#include "core/calibration/MemberProbabilities.h"
#include "core/calibration/PredictionMetrics.h"
#include "core/common/Error.h"
#include "tests/calibration/NearlyEqual.h"

using namespace modescape;
using namespace modescape::calibration;

namespace {

// Ten samples (confidence, correct) used for ECE, MCE and RMSCE with 5 bins
// (0, .2], (.2, .4], (.4, .6], (.6, .8], (.8, 1]. 0.4 and 0.6 lie exactly on
// edges and go to the lower bin; 1.0 goes to the last bin.
const std::vector<double> kConfidence = {0.35, 0.40, 0.55, 0.60, 0.65,
                                         0.75, 0.85, 0.90, 0.95, 1.00};
const std::vector<std::uint8_t> kCorrect = {1, 0, 0, 1, 1, 0, 1, 1, 0, 1};

}  // namespace

class TestBinning : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void eceOnTenSamplesByHand() {
        const ReliabilityTable t =
            reliabilityTable(kConfidence, kCorrect, 5, BinningStrategy::EqualWidth);
        // Bin (0, .2] is empty and skipped: 4 bins remain.
        QCOMPARE(t.bins.size(), std::size_t(4));
        // (.2, .4]: {.35 right, .40 wrong}: conf .375, acc .5, gap .125, weight .2
        QCOMPARE(t.bins[0].count, std::int64_t(2));
        MODESCAPE_COMPARE_NEAR(t.bins[0].lower, 0.2, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[0].upper, 0.4, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[0].confidence, 0.375, 1e-15);
        MODESCAPE_COMPARE_NEAR(t.bins[0].accuracy, 0.5, 0);
        // (.4, .6]: {.55 wrong, .60 right}: conf .575, acc .5, gap .075, weight .2
        QCOMPARE(t.bins[1].count, std::int64_t(2));
        MODESCAPE_COMPARE_NEAR(t.bins[1].confidence, 0.575, 1e-15);
        MODESCAPE_COMPARE_NEAR(t.bins[1].accuracy, 0.5, 0);
        // (.6, .8]: {.65 right, .75 wrong}: conf .70, acc .5, gap .2, weight .2
        QCOMPARE(t.bins[2].count, std::int64_t(2));
        MODESCAPE_COMPARE_NEAR(t.bins[2].confidence, 0.70, 1e-15);
        // (.8, 1]: {.85 r, .90 r, .95 w, 1.0 r}: conf 3.7/4 = .925, acc .75, gap .175, weight .4
        QCOMPARE(t.bins[3].count, std::int64_t(4));
        MODESCAPE_COMPARE_NEAR(t.bins[3].confidence, 0.925, 1e-15);
        MODESCAPE_COMPARE_NEAR(t.bins[3].accuracy, 0.75, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[3].upper, 1.0, 0);
        // ECE = .2*.125 + .2*.075 + .2*.2 + .4*.175 = .025 + .015 + .04 + .07 = .15
        MODESCAPE_COMPARE_NEAR(t.ece, 0.15, 1e-15);
        // MCE = max(.125, .075, .2, .175) = .2
        MODESCAPE_COMPARE_NEAR(t.mce, 0.2, 1e-15);
        // RMSCE = sqrt(.2*.015625 + .2*.005625 + .2*.04 + .4*.030625) = sqrt(.0245) = .156524758...
        MODESCAPE_COMPARE_NEAR(t.rmsce, 0.15652475842498528, 1e-15);
        // Histogram lines: mean confidence 7.0/10 = .7, accuracy 6/10 = .6.
        MODESCAPE_COMPARE_NEAR(t.meanConfidence, 0.7, 1e-15);
        MODESCAPE_COMPARE_NEAR(t.meanAccuracy, 0.6, 0);
    }

    void confidenceOnABoundaryGoesToTheLowerBin() {
        // 0.2 with 5 bins is the upper edge of (0, 0.2].
        const std::vector<double> confidence = {0.2};
        const std::vector<std::uint8_t> correct = {1};
        const ReliabilityTable t =
            reliabilityTable(confidence, correct, 5, BinningStrategy::EqualWidth);
        QCOMPARE(t.bins.size(), std::size_t(1));
        MODESCAPE_COMPARE_NEAR(t.bins[0].lower, 0.0, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[0].upper, 0.2, 0);
        // |1 - .2| = .8
        MODESCAPE_COMPARE_NEAR(t.ece, 0.8, 1e-15);
        // Just above the edge: (0.2, 0.4].
        const std::vector<double> above = {std::nextafter(0.2, 1.0)};
        const ReliabilityTable u = reliabilityTable(above, correct, 5, BinningStrategy::EqualWidth);
        MODESCAPE_COMPARE_NEAR(u.bins[0].lower, 0.2, 0);
        MODESCAPE_COMPARE_NEAR(u.bins[0].upper, 0.4, 0);
    }

    void confidenceOneIsInTheLastBinAndZeroInTheFirst() {
        const std::vector<double> confidence = {1.0, 0.0};
        const std::vector<std::uint8_t> correct = {1, 0};
        const ReliabilityTable t =
            reliabilityTable(confidence, correct, 15, BinningStrategy::EqualWidth);
        QCOMPARE(t.bins.size(), std::size_t(2));
        // 0 -> (0, 1/15] (the first bin), 1 -> (14/15, 1] (the last).
        MODESCAPE_COMPARE_NEAR(t.bins[0].lower, 0.0, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[0].upper, 1.0 / 15, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[1].lower, 14.0 / 15, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[1].upper, 1.0, 0);
        // Both bins are perfectly calibrated: |1 - 1| and |0 - 0|.
        MODESCAPE_COMPARE_NEAR(t.ece, 0.0, 0);
    }

    void everyFifteenthIsOnItsLowerBin() {
        // k / 15 for k = 1..15 lands in bin k - 1 (its upper edge), one sample per bin.
        std::vector<double> confidence;
        for (int k = 1; k <= 15; ++k)
            confidence.push_back(static_cast<double>(k) / 15);
        const std::vector<std::uint8_t> correct(15, 1);
        const ReliabilityTable t =
            reliabilityTable(confidence, correct, 15, BinningStrategy::EqualWidth);
        QCOMPARE(t.bins.size(), std::size_t(15));
        for (int b = 0; b < 15; ++b)
            QCOMPARE(t.bins[b].count, std::int64_t(1));
        // ECE = mean of (1 - k/15) = 1 - 8/15 = 7/15.
        MODESCAPE_COMPARE_NEAR(t.ece, 7.0 / 15, 1e-15);
    }

    void float32CacheComparesEdgesInFloat32() {
        // A float32 member with five classes at 0.2f: its confidence 0.2f is
        // 0.20000000298 in double, but equals the float32 edge 1/5, so it stays
        // in (0, 0.2] as it would in PyTorch.
        const std::vector<float> p = {0.2f, 0.2f, 0.2f, 0.2f, 0.2f};
        const MemberProbabilities probabilities(p, 1, 1, 5);
        const std::vector<std::int64_t> labels = {0};
        EvaluationOptions options;
        options.bins = 5;
        const PredictionEvaluation e = evaluateMember(probabilities, labels, 0, options);
        QCOMPARE(e.table.bins.size(), std::size_t(1));
        MODESCAPE_COMPARE_NEAR(e.table.bins[0].upper, 0.2, 0);
        // In float64 the same number is above 0.2 and goes up one bin.
        const std::vector<double> confidence = {static_cast<double>(0.2f)};
        const std::vector<std::uint8_t> correct = {1};
        const ReliabilityTable t =
            reliabilityTable(confidence, correct, 5, BinningStrategy::EqualWidth);
        MODESCAPE_COMPARE_NEAR(t.bins[0].upper, 0.4, 0);
    }

    void adaptiveEceOnFiveSamples() {
        // Sorted: .3 w, .5 r, .6 r | .8 w, .9 r  (5 = 3 + 2: the first bin takes the remainder)
        const std::vector<double> confidence = {0.8, 0.5, 0.9, 0.3, 0.6};
        const std::vector<std::uint8_t> correct = {0, 1, 1, 0, 1};
        const ReliabilityTable t =
            reliabilityTable(confidence, correct, 2, BinningStrategy::EqualMass);
        QCOMPARE(t.bins.size(), std::size_t(2));
        QCOMPARE(t.bins[0].count, std::int64_t(3));
        QCOMPARE(t.bins[1].count, std::int64_t(2));
        // Bin 1: conf 1.4/3, acc 2/3, gap .2, weight 3/5 -> .12
        MODESCAPE_COMPARE_NEAR(t.bins[0].confidence, 1.4 / 3, 1e-15);
        MODESCAPE_COMPARE_NEAR(t.bins[0].accuracy, 2.0 / 3, 1e-15);
        // Bin 2: conf .85, acc .5, gap .35, weight 2/5 -> .14
        MODESCAPE_COMPARE_NEAR(t.bins[1].confidence, 0.85, 1e-15);
        // Adaptive ECE = .12 + .14 = .26; MCE = .35
        MODESCAPE_COMPARE_NEAR(t.ece, 0.26, 1e-15);
        MODESCAPE_COMPARE_NEAR(t.mce, 0.35, 1e-15);
        // Edges: each bin's least and largest confidence, [.3, .6] and [.8, .9]
        // (not (0, .6] and (.6, .9]: no sample of the first bin is below .3).
        MODESCAPE_COMPARE_NEAR(t.bins[0].lower, 0.3, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[0].upper, 0.6, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[1].lower, 0.8, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[1].upper, 0.9, 0);
    }

    void adaptiveTiesAreSplitBySampleIndex() {
        // Sorted by (confidence, index): s0 .7 r, s1 .7 r | s2 .7 w, s3 .9 w.
        // The three tied .7 straddle the cut, split by sample index.
        const std::vector<double> confidence = {0.7, 0.7, 0.7, 0.9};
        const std::vector<std::uint8_t> correct = {1, 1, 0, 0};
        const ReliabilityTable t =
            reliabilityTable(confidence, correct, 2, BinningStrategy::EqualMass);
        // Bin 1: conf .7, acc 1, gap .3; bin 2: conf .8, acc 0, gap .8; ECE = .5*.3 + .5*.8 = .55
        MODESCAPE_COMPARE_NEAR(t.bins[0].accuracy, 1.0, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[1].confidence, 0.8, 1e-15);
        MODESCAPE_COMPARE_NEAR(t.ece, 0.55, 1e-15);
    }

    void adaptiveWithFewerSamplesThanBins() {
        // 2 samples, 3 bins: sizes 1, 1, 0; the empty third bin is skipped.
        const std::vector<double> confidence = {0.9, 0.6};
        const std::vector<std::uint8_t> correct = {1, 1};
        const ReliabilityTable t =
            reliabilityTable(confidence, correct, 3, BinningStrategy::EqualMass);
        QCOMPARE(t.bins.size(), std::size_t(2));
        // ECE = .5*|1-.6| + .5*|1-.9| = .2 + .05 = .25
        MODESCAPE_COMPARE_NEAR(t.ece, 0.25, 1e-15);
        // A bin of one sample spans just its confidence.
        MODESCAPE_COMPARE_NEAR(t.bins[0].lower, 0.6, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[0].upper, 0.6, 0);
        MODESCAPE_COMPARE_NEAR(t.bins[1].lower, 0.9, 0);
    }

    void adaptiveBinsOfATwoClassTaskStartAtOneHalf() {
        // Issue 19: top-label confidences of two classes are >= .5, so no bin may
        // start below .5. Eight samples, 4 bins of 2: [.5, .55], [.6, .7], [.8, .9], [.95, 1].
        const std::vector<double> confidence = {0.9, 0.5, 1.0, 0.6, 0.8, 0.55, 0.95, 0.7};
        const std::vector<std::uint8_t> correct = {1, 0, 1, 1, 1, 0, 1, 0};
        const ReliabilityTable t =
            reliabilityTable(confidence, correct, 4, BinningStrategy::EqualMass);
        QCOMPARE(t.bins.size(), std::size_t(4));
        const double edges[4][2] = {{0.5, 0.55}, {0.6, 0.7}, {0.8, 0.9}, {0.95, 1.0}};
        for (int b = 0; b < 4; ++b) {
            QCOMPARE(t.bins[b].count, std::int64_t(2));
            MODESCAPE_COMPARE_NEAR(t.bins[b].lower, edges[b][0], 0);
            MODESCAPE_COMPARE_NEAR(t.bins[b].upper, edges[b][1], 0);
        }
    }

    void badInputsThrow() {
        const std::vector<double> confidence = {0.5, 1.5};
        const std::vector<std::uint8_t> correct = {1, 0};
        QVERIFY_THROWS_EXCEPTION(
            InvalidArgument, reliabilityTable(confidence, correct, 5, BinningStrategy::EqualWidth));
        const std::vector<double> one = {0.5};
        QVERIFY_THROWS_EXCEPTION(
            InvalidArgument,
            reliabilityTable(one, std::vector<std::uint8_t>{1}, 0, BinningStrategy::EqualWidth));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 reliabilityTable(one, std::vector<std::uint8_t>{1}, kMaxBins + 1,
                                                  BinningStrategy::EqualMass));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch,
                                 reliabilityTable(one, correct, 5, BinningStrategy::EqualWidth));
        QVERIFY_THROWS_EXCEPTION(
            InvalidArgument, reliabilityTable(std::vector<double>{}, std::vector<std::uint8_t>{}, 5,
                                              BinningStrategy::EqualWidth));
    }
};

QTEST_APPLESS_MAIN(TestBinning)
#include "TestBinning.moc"
