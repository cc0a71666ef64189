// AUROC, AUPR (average precision) and FPR95, worked on paper.
#include <QtTest>

#include <cmath>
#include <limits>
#include <vector>

#include "core/calibration/OodMetrics.h"
#include "core/common/Error.h"
#include "tests/calibration/NearlyEqual.h"

using namespace modescape;
using namespace modescape::calibration;

class TestOodMetrics : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void separableScoresGiveAurocOne() {
        const std::vector<double> in = {0.1, 0.2, 0.3};
        const std::vector<double> out = {0.7, 0.8};
        const DetectionMetrics d = detectionMetrics(in, out);
        MODESCAPE_COMPARE_NEAR(d.auroc, 1.0, 0);
        MODESCAPE_COMPARE_NEAR(d.aupr, 1.0, 0);
        // Recall 1 (closest to .95 of 0, .5, 1) is reached at t = .7 with no false positive.
        MODESCAPE_COMPARE_NEAR(d.fpr95, 0.0, 0);
        // Reversed, every OOD sample scores lowest: AUROC 0.
        MODESCAPE_COMPARE_NEAR(detectionMetrics(out, in).auroc, 0.0, 0);
    }

    void identicalScoresGiveAurocOneHalf() {
        const std::vector<double> in = {0.3, 0.3};
        const std::vector<double> out = {0.3, 0.3};
        const DetectionMetrics d = detectionMetrics(in, out);
        // Every pair ties: 4 * 1/2 / 4.
        MODESCAPE_COMPARE_NEAR(d.auroc, 0.5, 0);
        // One threshold: recall 1, precision 2/4 -> AP = 1 * .5.
        MODESCAPE_COMPARE_NEAR(d.aupr, 0.5, 0);
        // Candidates: t = +inf (recall 0) or t = .3 (recall 1, FPR 1); 1 is closer to .95.
        MODESCAPE_COMPARE_NEAR(d.fpr95, 1.0, 0);
    }

    void tiesCountOneHalf() {
        // in = {.1, .5}, ood = {.5, .9}. Pairs (ood, in): (.5,.1) 1, (.5,.5) 1/2, (.9,.1) 1,
        // (.9,.5) 1
        // -> 3.5 / 4.
        const std::vector<double> in = {0.1, 0.5};
        const std::vector<double> out = {0.5, 0.9};
        MODESCAPE_COMPARE_NEAR(detectionMetrics(in, out).auroc, 0.875, 0);
    }

    void averagePrecisionOnASmallCase() {
        // Sorted: .9 ood, .8 in, .6 ood, .3 in.
        // t=.9: TP 1 FP 0, R .5, P 1 -> .5 * 1; t=.8: no new positive;
        // t=.6: TP 2 FP 1, R 1, P 2/3 -> .5 * 2/3. AP = .5 + 1/3 = 5/6.
        const std::vector<double> in = {0.8, 0.3};
        const std::vector<double> out = {0.9, 0.6};
        const DetectionMetrics d = detectionMetrics(in, out);
        MODESCAPE_COMPARE_NEAR(d.aupr, 5.0 / 6, 1e-15);
        // AUROC: .9 beats both, .6 beats .3 -> 3/4.
        MODESCAPE_COMPARE_NEAR(d.auroc, 0.75, 0);
    }

    void fpr95OnAKnownCase() {
        // 20 OOD scores 1..20, 5 in-distribution scores .5 1.5 2.5 3.5 25.
        // Recall 19/20 = .95 exactly at t = 2 (OOD 2..20 flagged); the
        // in-distribution scores >= 2 are 2.5, 3.5, 25: FPR = 3/5.
        std::vector<double> out;
        for (int s = 1; s <= 20; ++s)
            out.push_back(s);
        const std::vector<double> in = {0.5, 1.5, 2.5, 3.5, 25.0};
        const DetectionMetrics d = detectionMetrics(in, out);
        MODESCAPE_COMPARE_NEAR(d.fpr95, 0.6, 1e-15);
        MODESCAPE_COMPARE_NEAR(d.fpr95Threshold, 2.0, 0);
        MODESCAPE_COMPARE_NEAR(d.fpr95Recall, 0.95, 1e-15);
    }

    void fpr95TiesPreferTheLowerFalsePositiveRate() {
        // 10 OOD scores 1..10, in-distribution 1.5 and 5. Recall .9 (t = 2) and
        // 1.0 (t = 1) are equally far from .95 (|180 - 190| = |200 - 190|);
        // t = 2 has FPR 1/2 (only 5 flagged), t = 1 has FPR 1: take 1/2.
        std::vector<double> out;
        for (int s = 1; s <= 10; ++s)
            out.push_back(s);
        const std::vector<double> in = {1.5, 5.0};
        const DetectionMetrics d = detectionMetrics(in, out);
        MODESCAPE_COMPARE_NEAR(d.fpr95, 0.5, 0);
        MODESCAPE_COMPARE_NEAR(d.fpr95Threshold, 2.0, 0);
        MODESCAPE_COMPARE_NEAR(d.fpr95Recall, 0.9, 1e-15);
    }

    void fpr95WhenTheOodSampleScoresLowest() {
        // One OOD sample, scored lowest. Recall 0 (t = +inf, .7, .5) is |0 - 19| = 19
        // away, recall 1 (t = .1) |20 - 19| = 1: t = .1 flags both in-distribution samples, FPR 1.
        const std::vector<double> in = {0.5, 0.7};
        const std::vector<double> out = {0.1};
        MODESCAPE_COMPARE_NEAR(detectionMetrics(in, out).fpr95, 1.0, 0);
    }

    void scoresRiseWithOodness() {
        SampleUncertainty u;
        u.maxProbability = {0.9, 0.4};
        u.predictiveEntropy = {0.1, 0.6};
        u.mutualInformation = {0.01, 0.2};
        QCOMPARE(oodScores(u, OodScore::MaxProbability), (std::vector<double>{-0.9, -0.4}));
        QCOMPARE(oodScores(u, OodScore::PredictiveEntropy), u.predictiveEntropy);
        QCOMPARE(oodScores(u, OodScore::MutualInformation), u.mutualInformation);
        QVERIFY(oodScoreFromName("mutual_information") == OodScore::MutualInformation);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, oodScoreFromName("energy"));
    }

    void emptyOrNanScoresThrow() {
        const std::vector<double> some = {0.1};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, detectionMetrics(some, std::vector<double>{}));
        const std::vector<double> nan = {std::numeric_limits<double>::quiet_NaN()};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, detectionMetrics(some, nan));
    }
};

QTEST_APPLESS_MAIN(TestOodMetrics)
#include "TestOodMetrics.moc"
