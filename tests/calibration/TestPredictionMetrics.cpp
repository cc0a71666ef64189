// Accuracy, NLL, Brier and the BMA, worked on paper; the predictions cache's
// input checks and the LibTorch entry points.
#include <QtTest>

#include <ATen/ATen.h>

#include <cmath>
#include <vector>

#include "core/calibration/MemberProbabilities.h"
#include "core/calibration/PredictionMetrics.h"
#include "core/calibration/TensorInput.h"
#include "core/common/Error.h"
#include "tests/calibration/NearlyEqual.h"

using namespace modescape;
using namespace modescape::calibration;

namespace {

// Four samples, three classes.
//   p = [.7 .2 .1]   y=0  right  log .7   Brier .09 + .04 + .01   = .14
//   p = [.1 .6 .3]   y=2  wrong  log .3   Brier .01 + .36 + .49   = .86
//   p = [.25 .25 .5] y=2  right  log .5   Brier .0625+.0625+.25   = .375
//   p = [0 1 0]      y=0  wrong  log 1e-12 (clamped)  Brier 1 + 1 = 2
const std::vector<double> kProbabilities = {0.7,  0.2,  0.1, 0.1, 0.6, 0.3,
                                            0.25, 0.25, 0.5, 0.0, 1.0, 0.0};
const std::vector<std::int64_t> kLabels = {0, 2, 2, 0};

}  // namespace

class TestPredictionMetrics : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void accuracyNllBrierByHand() {
        const PredictionMetrics m = evaluatePredictions(kProbabilities, 3, kLabels).metrics;
        QCOMPARE(m.samples, std::int64_t(4));
        // 2 of 4 right.
        MODESCAPE_COMPARE_NEAR(m.accuracy, 0.5, 0);
        // -(ln .7 + ln .3 + ln .5 + ln 1e-12) / 4
        //   = (.356674944 + 1.203972804 + .693147181 + 27.631021116) / 4 = 7.471204011
        MODESCAPE_COMPARE_NEAR(m.nll, 7.4712040111882905, 1e-13);
        // (.14 + .86 + .375 + 2) / 4 = 3.375 / 4
        MODESCAPE_COMPARE_NEAR(m.brier, 0.84375, 1e-15);
        // Confidences .7 .6 .5 1 with 15 bins: each alone in its bin,
        // ECE = (|1-.7| + |0-.6| + |1-.5| + |0-1|) / 4 = 2.4 / 4 = .6; MCE = 1.
        MODESCAPE_COMPARE_NEAR(m.ece, 0.6, 1e-15);
        MODESCAPE_COMPARE_NEAR(m.mce, 1.0, 0);
        // RMSCE = sqrt((.09 + .36 + .25 + 1) / 4) = sqrt(.425)
        MODESCAPE_COMPARE_NEAR(m.rmsce, std::sqrt(0.425), 1e-15);
        MODESCAPE_COMPARE_NEAR(m.meanConfidence, 0.7, 1e-15);
    }

    void averageOfTwoMembersByHand() {
        // Member 0: [.9 .1], [.2 .8]; member 1: [.5 .5], [.6 .4]; labels 0, 1.
        // BMA: [.7 .3] (right, y=0), [.4 .6] (right, y=1).
        const std::vector<double> p = {0.9, 0.1, 0.2, 0.8, 0.5, 0.5, 0.6, 0.4};
        const MemberProbabilities probabilities(p, 2, 2, 2);
        const std::vector<std::int64_t> labels = {0, 1};
        const std::vector<std::int64_t> both = {0, 1};
        const PredictionMetrics bma = evaluateAverage(probabilities, labels, both).metrics;
        MODESCAPE_COMPARE_NEAR(bma.accuracy, 1.0, 0);
        // -(ln .7 + ln .6) / 2 = (.356674944 + .510825624) / 2 = .433750284
        MODESCAPE_COMPARE_NEAR(bma.nll, -(std::log(0.7) + std::log(0.6)) / 2, 1e-15);
        // ((.3^2 + .3^2) + (.4^2 + .4^2)) / 2 = (.18 + .32) / 2 = .25
        MODESCAPE_COMPARE_NEAR(bma.brier, 0.25, 1e-15);
        // Member 1 alone: [.5 .5] argmax 0 (lowest index) right; [.6 .4] wrong.
        const PredictionMetrics second = evaluateMember(probabilities, labels, 1).metrics;
        MODESCAPE_COMPARE_NEAR(second.accuracy, 0.5, 0);
        // -(ln .5 + ln .4) / 2
        MODESCAPE_COMPARE_NEAR(second.nll, -(std::log(0.5) + std::log(0.4)) / 2, 1e-15);
        // The BMA of one member is the member.
        const std::vector<std::int64_t> one = {1};
        MODESCAPE_COMPARE_NEAR(evaluateAverage(probabilities, labels, one).metrics.nll, second.nll,
                               0);
    }

    void cacheCachesEntropiesAndVotes() {
        const std::vector<double> p = {0.9, 0.1, 0.5, 0.5, 0.3, 0.7, 1.0, 0.0};
        const MemberProbabilities probabilities(p, 2, 2, 2);
        // H([.5 .5]) = ln 2; H([1 0]) = 0 (0 log 0 = 0).
        MODESCAPE_COMPARE_NEAR(probabilities.memberEntropies(0)[1], std::log(2.0), 1e-15);
        MODESCAPE_COMPARE_NEAR(probabilities.memberEntropies(1)[1], 0.0, 0);
        QCOMPARE(probabilities.memberVotes(0)[0], 0);
        QCOMPARE(probabilities.memberVotes(0)[1], 0);  // tie -> lowest index
        QCOMPARE(probabilities.memberVotes(1)[0], 1);
    }

    void rejectsWhatIsNotAProbability() {
        // Logits: the row sums to 3.
        const std::vector<double> logits = {2.0, 1.0};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, MemberProbabilities(logits, 1, 1, 2));
        const std::vector<double> negative = {1.5, -0.5};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, MemberProbabilities(negative, 1, 1, 2));
        const std::vector<double> nan = {std::nan(""), 1.0};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, MemberProbabilities(nan, 1, 1, 2));
        const std::vector<double> threeValues = {0.5, 0.5, 0.5};
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, MemberProbabilities(threeValues, 1, 1, 2));
        const std::vector<double> good = {0.5, 0.5, 0.2, 0.8};
        const MemberProbabilities probabilities(good, 2, 1, 2);
        const std::vector<std::int64_t> badLabel = {2};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, evaluateMember(probabilities, badLabel, 0));
        const std::vector<std::int64_t> label = {1};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, evaluateMember(probabilities, label, 2));
        const std::vector<std::int64_t> twice = {1, 1};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, evaluateAverage(probabilities, label, twice));
        QVERIFY_THROWS_EXCEPTION(
            InvalidArgument, evaluateAverage(probabilities, label, std::vector<std::int64_t>{}));
    }

    void tensorInputKeepsPrecision() {
        // [2 members, 2 samples, 2 classes] in float64, as in averageOfTwoMembersByHand.
        const at::Tensor p =
            at::tensor({0.9, 0.1, 0.2, 0.8, 0.5, 0.5, 0.6, 0.4}, at::kDouble).reshape({2, 2, 2});
        const MemberProbabilities fromDouble = memberProbabilitiesFromTensor(p);
        QVERIFY(fromDouble.precision() == ProbabilityPrecision::Float64);
        QCOMPARE(fromDouble.members(), std::int64_t(2));
        QCOMPARE(fromDouble.samples(), std::int64_t(2));
        QCOMPARE(fromDouble.classes(), std::int64_t(2));
        const std::vector<std::int64_t> labels = labelsFromTensor(at::tensor({0, 1}, at::kInt));
        QCOMPARE(labels, (std::vector<std::int64_t>{0, 1}));
        const std::vector<std::int64_t> both = {0, 1};
        MODESCAPE_COMPARE_NEAR(evaluateAverage(fromDouble, labels, both).metrics.brier, 0.25,
                               1e-15);

        // Non-contiguous float32 (a transpose) is read in logical order.
        const at::Tensor transposed = p.to(at::kFloat).transpose(0, 1).contiguous().transpose(0, 1);
        QVERIFY(!transposed.is_contiguous());
        const MemberProbabilities fromFloat = memberProbabilitiesFromTensor(transposed);
        QVERIFY(fromFloat.precision() == ProbabilityPrecision::Float32);
        QCOMPARE(fromFloat.float32Data()[2], 0.2f);
        // float32 rounding: Brier within 1e-7 of .25.
        MODESCAPE_COMPARE_NEAR(evaluateAverage(fromFloat, labels, both).metrics.brier, 0.25, 1e-7);

        // float16 becomes float32.
        const MemberProbabilities fromHalf = memberProbabilitiesFromTensor(p.to(at::kHalf));
        QVERIFY(fromHalf.precision() == ProbabilityPrecision::Float32);

        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, memberProbabilitiesFromTensor(p.reshape({4, 2})));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, memberProbabilitiesFromTensor(p.to(at::kLong)));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, labelsFromTensor(at::tensor({0.0, 1.0})));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, labelsFromTensor(at::zeros({2, 2}, at::kLong)));
    }
};

QTEST_APPLESS_MAIN(TestPredictionMetrics)
#include "TestPredictionMetrics.moc"
