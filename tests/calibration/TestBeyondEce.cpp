// Risk-coverage / AURC, smooth ECE, signed and class-wise ECE and their
// bootstrap intervals: hand-worked cases and the NumPy / SciPy reference of
// tests/fixtures/calibration/make_beyond_ece_reference.py (beyond_ece.json).
#include <QtTest>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/calibration/Bootstrap.h"
#include "core/calibration/CalibrationJson.h"
#include "core/calibration/PredictionMetrics.h"
#include "core/calibration/RiskCoverage.h"
#include "core/calibration/SmoothEce.h"
#include "core/common/Error.h"
#include "tests/calibration/CalibrationFixture.h"
#include "tests/calibration/NearlyEqual.h"

using namespace modescape;
using namespace modescape::calibration;

namespace {

// The four samples of TestPredictionMetrics: confidences .7 (right), .6
// (wrong), .5 (right), 1 (wrong).
const std::vector<double> kProbabilities = {0.7,  0.2,  0.1, 0.1, 0.6, 0.3,
                                            0.25, 0.25, 0.5, 0.0, 1.0, 0.0};
const std::vector<std::int64_t> kLabels = {0, 2, 2, 0};

struct Reference {
    nlohmann::json json;
    std::vector<double> probabilities;
    std::vector<std::int64_t> labels;
    std::vector<double> confidence;
    std::vector<std::uint8_t> correct;
    std::int64_t classes = 0;
};

Reference readReference() {
    Reference r;
    std::ifstream in(test::kCalibrationFixtures + "beyond_ece.json");
    r.json = nlohmann::json::parse(in);
    r.classes = r.json["classes"].get<std::int64_t>();
    r.labels = r.json["labels"].get<std::vector<std::int64_t>>();
    for (const auto& row : r.json["probabilities"]) {
        const auto p = row.get<std::vector<double>>();
        std::size_t best = 0;
        for (std::size_t c = 1; c < p.size(); ++c)
            best = p[c] > p[best] ? c : best;
        r.confidence.push_back(p[best]);
        r.correct.push_back(static_cast<std::int64_t>(best) == r.labels[r.correct.size()] ? 1 : 0);
        r.probabilities.insert(r.probabilities.end(), p.begin(), p.end());
    }
    return r;
}

EvaluationOptions withBootstrap(int resamples, std::uint64_t seed) {
    EvaluationOptions options;
    options.bootstrap = {resamples, seed};
    return options;
}

}  // namespace

class TestBeyondEce : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() { reference_ = readReference(); }

    void riskCoverageByHand() {
        // Most confident first: 1 (wrong), .7 (right), .6 (wrong), .5 (right):
        // risks 1, 1/2, 2/3, 2/4 and AURC their mean, 2/3.
        EvaluationOptions options;
        options.curves = true;
        const PredictionEvaluation e = evaluatePredictions(kProbabilities, 3, kLabels, options);
        MODESCAPE_COMPARE_NEAR(e.metrics.aurc, 2.0 / 3.0, 1e-15);
        QVERIFY(e.curves.has_value());
        const std::vector<double> expected = {1.0, 0.5, 2.0 / 3.0, 0.5};
        QCOMPARE(e.curves->riskCoverage.coverage, (std::vector<double>{0.25, 0.5, 0.75, 1.0}));
        for (std::size_t k = 0; k < expected.size(); ++k)
            MODESCAPE_COMPARE_NEAR(e.curves->riskCoverage.risk[k], expected[k], 1e-15);
        // Signed: mean confidence .7 - accuracy .5, over-confident.
        MODESCAPE_COMPARE_NEAR(e.metrics.signedEce, 0.2, 1e-15);
    }

    void riskCoverageKeepsTiesInSampleOrder() {
        // Equal confidences: sample 0 (wrong) comes before sample 1 (right).
        const std::vector<double> confidence = {0.8, 0.8, 0.9};
        const std::vector<std::uint8_t> correct = {0, 1, 1};
        const std::vector<double> risk = riskCoverage(confidence, correct);
        QCOMPARE(risk, (std::vector<double>{0.0, 0.5, 1.0 / 3.0}));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, riskCoverage(confidence, {correct.data(), 2}));
    }

    void riskCoverageAgainstNumpy() {
        const std::vector<double> risk = riskCoverage(reference_.confidence, reference_.correct);
        const auto expected = reference_.json["risk"].get<std::vector<double>>();
        QCOMPARE(risk.size(), expected.size());
        for (std::size_t k = 0; k < risk.size(); ++k)
            MODESCAPE_COMPARE_NEAR(risk[k], expected[k], 1e-12);
    }

    void metricsAgainstNumpy() {
        const PredictionEvaluation e = evaluatePredictions(
            reference_.probabilities, reference_.classes, reference_.labels, {});
        const nlohmann::json& m = reference_.json["metrics"];
        MODESCAPE_COMPARE_NEAR(e.metrics.aurc, m["aurc"].get<double>(), 1e-12);
        MODESCAPE_COMPARE_NEAR(e.metrics.signedEce, m["signed_ece"].get<double>(), 1e-12);
        MODESCAPE_COMPARE_NEAR(e.metrics.classwiseEce, m["classwise_ece"].get<double>(), 1e-12);
        MODESCAPE_COMPARE_NEAR(e.metrics.ece, m["ece"].get<double>(), 1e-12);
        // Per bin: confidence - accuracy, positive where over-confident.
        const auto gaps = reference_.json["signed_bin_gaps"].get<std::vector<double>>();
        QCOMPARE(e.table.bins.size(), gaps.size());
        for (std::size_t b = 0; b < gaps.size(); ++b)
            MODESCAPE_COMPARE_NEAR(e.table.bins[b].confidence - e.table.bins[b].accuracy, gaps[b],
                                   1e-12);
        const nlohmann::json json = toJson(e.table.bins[0]);
        MODESCAPE_COMPARE_NEAR(json["signed_gap"].get<double>(), gaps[0], 1e-12);
    }

    void classwiseEceByHand() {
        // Two samples of class 0: p = (.8, .2) and p = (.4, .6); ten bins.
        // Class 0: bin (.7, .8] holds .8 (a hit), bin (.3, .4] holds .4 (a
        // hit): gaps .2 and .6, ECE (.2 + .6) / 2 = .4. Class 1: .2 and .6,
        // both misses: gaps .2 and .6, ECE .4. Their mean: .4.
        const std::vector<double> p = {0.8, 0.2, 0.4, 0.6};
        MODESCAPE_COMPARE_NEAR(classwiseEce(p, 2, std::vector<std::int64_t>{0, 0}, 10), 0.4, 1e-15);
    }

    void smoothEceAtFixedBandwidths() {
        SmoothCalibration smooth(reference_.confidence, reference_.correct);
        for (const auto& entry : reference_.json["smooth_ece_at"]) {
            const double sigma = entry["sigma"].get<double>();
            // The reference sums the kernel's images on 20,000 points; the
            // cosine series on its own midpoint grid agrees to ~2e-7.
            MODESCAPE_COMPARE_NEAR(smooth.at(sigma), entry["value"].get<double>(), 1e-6);
        }
    }

    void smoothEceIsTheFixedPoint() {
        const double expected = reference_.json["smooth_ece"].get<double>();
        const double actual = smoothEce(reference_.confidence, reference_.correct);
        MODESCAPE_COMPARE_NEAR(actual, expected, 1e-5);
        SmoothCalibration smooth(reference_.confidence, reference_.correct);
        MODESCAPE_COMPARE_NEAR(smooth.at(actual), actual, 1e-8);
        // The same root from a far guess.
        MODESCAPE_COMPARE_NEAR(smooth.fixedPoint(0.9), actual, 1e-8);
        const PredictionEvaluation e = evaluatePredictions(
            reference_.probabilities, reference_.classes, reference_.labels, {});
        MODESCAPE_COMPARE_NEAR(e.metrics.smoothEce, actual, 1e-12);
    }

    void smoothEceExtremes() {
        // Every residual -1 (confident and wrong): smECE_sigma = 1 for every sigma.
        const std::vector<double> one = {1.0, 1.0, 1.0};
        MODESCAPE_COMPARE_NEAR(smoothEce(one, std::vector<std::uint8_t>{0, 0, 0}), 1.0, 1e-9);
        // No residual at all: the search stops at its smallest bandwidth.
        QCOMPARE(smoothEce(one, std::vector<std::uint8_t>{1, 1, 1}), kSmallestSmoothEceBandwidth);
        // A constant residual r (no sign change) smooths to |r| at any bandwidth.
        const std::vector<double> f = {0.9, 0.9, 0.9, 0.9};
        const std::vector<std::uint8_t> y = {1, 1, 1, 0};  // r = .1 x 3, -.9: mean -.15
        MODESCAPE_COMPARE_NEAR(SmoothCalibration(f, y).at(0.3), 0.15, 1e-9);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 smoothEce(std::vector<double>{1.5}, std::vector<std::uint8_t>{1}));
    }

    void smoothCurveFollowsTheData() {
        // Samples at confidence .9 that are all right: the smoothed accuracy
        // near .9 is close to 1, above the diagonal.
        const std::vector<double> f(50, 0.9);
        const std::vector<std::uint8_t> y(50, 1);
        SmoothCalibration smooth(f, y);
        const SmoothCalibration::Curve curve = smooth.curve(0.05, 101);
        QCOMPARE(curve.confidence.size(), std::size_t(101));
        MODESCAPE_COMPARE_NEAR(curve.accuracy[90], 1.0, 1e-9);
        QVERIFY(curve.density[90] > curve.density[50]);
    }

    void percentileIsNumpys() {
        // numpy.percentile([4, 1, 3, 2], 25) = 1.75, (…, 97.5) = 3.925.
        MODESCAPE_COMPARE_NEAR(percentile({4, 1, 3, 2}, 0.25), 1.75, 1e-15);
        MODESCAPE_COMPARE_NEAR(percentile({4, 1, 3, 2}, 0.975), 3.925, 1e-15);
        QVERIFY(std::isnan(percentile({}, 0.5)));
    }

    void resampleCountsSumToN() {
        data::SeededRandom random(3);
        const std::vector<std::uint32_t> counts = resampleCounts(random, 1000);
        std::uint64_t total = 0, absent = 0;
        for (const std::uint32_t c : counts)
            total += c, absent += c == 0 ? 1 : 0;
        QCOMPARE(total, std::uint64_t(1000));
        // About 1/e of the samples are left out of a resample.
        QVERIFY(absent > 320 && absent < 420);
    }

    void bootstrapAgainstTheGenerator() {
        // The generator draws the same resamples (std::mt19937_64 and the same
        // rejection) and recomputes every metric on each: equal to rounding.
        const nlohmann::json& b = reference_.json["bootstrap"];
        const PredictionEvaluation e = evaluatePredictions(
            reference_.probabilities, reference_.classes, reference_.labels,
            withBootstrap(b["resamples"].get<int>(), b["seed"].get<std::uint64_t>()));
        QVERIFY(e.metrics.intervals.has_value());
        const MetricIntervals& ci = *e.metrics.intervals;
        QCOMPARE(ci.resamples, b["resamples"].get<int>());
        const std::vector<std::pair<const char*, Interval>> actual = {
            {"accuracy", ci.accuracy},
            {"nll", ci.nll},
            {"brier", ci.brier},
            {"ece", ci.ece},
            {"mce", ci.mce},
            {"rmsce", ci.rmsce},
            {"adaptive_ece", ci.adaptiveEce},
            {"aurc", ci.aurc},
            {"signed_ece", ci.signedEce},
            {"classwise_ece", ci.classwiseEce}};
        for (const auto& [name, interval] : actual) {
            const nlohmann::json& expected = b["intervals"][name];
            qInfo("%s: [%.12g, %.12g]", name, interval.lower, interval.upper);
            MODESCAPE_COMPARE_NEAR(interval.lower, expected["lower"].get<double>(), 1e-12);
            MODESCAPE_COMPARE_NEAR(interval.upper, expected["upper"].get<double>(), 1e-12);
        }
        // The smooth ECE (not in the reference: too slow in NumPy) brackets its estimate.
        QVERIFY(ci.smoothEce.lower < e.metrics.smoothEce &&
                e.metrics.smoothEce < ci.smoothEce.upper);
        // Bands: one per table bin, around the bin's accuracy.
        QCOMPARE(ci.binAccuracy.size(), e.table.bins.size());
        for (const CalibrationBin& bin : e.table.bins) {
            QVERIFY(bin.accuracyLower <= bin.accuracy + 1e-12);
            QVERIFY(bin.accuracy <= bin.accuracyUpper + 1e-12);
        }
        // The JSON carries a "ci" beside the metrics.
        const nlohmann::json json = toJson(e.metrics);
        MODESCAPE_COMPARE_NEAR(json["ci"]["aurc"]["lower"].get<double>(), ci.aurc.lower, 0);
        QCOMPARE(json["ci"]["resamples"].get<int>(), ci.resamples);
    }

    void bootstrapIsSeededAndShrinks() {
        const auto run = [&](const std::vector<double>& p, const std::vector<std::int64_t>& y,
                             std::uint64_t seed) {
            return *evaluatePredictions(p, reference_.classes, y, withBootstrap(300, seed))
                        .metrics.intervals;
        };
        const MetricIntervals a = run(reference_.probabilities, reference_.labels, 5);
        const MetricIntervals again = run(reference_.probabilities, reference_.labels, 5);
        const MetricIntervals other = run(reference_.probabilities, reference_.labels, 6);
        QCOMPARE(a.aurc.lower, again.aurc.lower);
        QCOMPARE(a.smoothEce.upper, again.smoothEce.upper);
        QVERIFY(a.aurc.lower != other.aurc.lower);
        // Sixteen copies of the data: 16 n samples, intervals ~1/4 as wide.
        std::vector<double> p;
        std::vector<std::int64_t> y;
        for (int copy = 0; copy < 16; ++copy) {
            p.insert(p.end(), reference_.probabilities.begin(), reference_.probabilities.end());
            y.insert(y.end(), reference_.labels.begin(), reference_.labels.end());
        }
        const MetricIntervals wide = run(p, y, 5);
        const std::pair<Interval, Interval> pairs[] = {{a.accuracy, wide.accuracy},
                                                       {a.nll, wide.nll},
                                                       {a.aurc, wide.aurc},
                                                       {a.smoothEce, wide.smoothEce}};
        for (const auto& [small, large] : pairs) {
            const double ratio = (large.upper - large.lower) / (small.upper - small.lower);
            qInfo("width ratio %.3f", ratio);
            QVERIFY(ratio > 0.15 && ratio < 0.4);
        }
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 evaluatePredictions(kProbabilities, 3, kLabels,
                                                     withBootstrap(kMaxBootstrapResamples + 1, 0)));
    }

  private:
    Reference reference_;
};

QTEST_GUILESS_MAIN(TestBeyondEce)
#include "TestBeyondEce.moc"
