// Every metric on a random 5-member ensemble against an independent numpy /
// scipy implementation (tests/fixtures/calibration/make_calibration_reference.py).
#include <QtTest>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/UncertaintyReport.h"
#include "core/common/Error.h"
#include "tests/calibration/CalibrationFixture.h"
#include "tests/calibration/NearlyEqual.h"

using namespace modescape;
using namespace modescape::calibration;

namespace {

const std::string& kDir = test::kCalibrationFixtures;
// Both sides sum the same float32 values in float64, in different orders.
constexpr double kTolerance = 1e-12;

nlohmann::json readReference() {
    std::ifstream in(kDir + "reference.json");
    return nlohmann::json::parse(in);
}

void compareMetrics(const PredictionMetrics& actual, const nlohmann::json& expected) {
    MODESCAPE_COMPARE_NEAR(actual.accuracy, expected["accuracy"].get<double>(), kTolerance);
    MODESCAPE_COMPARE_NEAR(actual.nll, expected["nll"].get<double>(), kTolerance);
    MODESCAPE_COMPARE_NEAR(actual.brier, expected["brier"].get<double>(), kTolerance);
    MODESCAPE_COMPARE_NEAR(actual.ece, expected["ece"].get<double>(), kTolerance);
    MODESCAPE_COMPARE_NEAR(actual.mce, expected["mce"].get<double>(), kTolerance);
    MODESCAPE_COMPARE_NEAR(actual.rmsce, expected["rmsce"].get<double>(), kTolerance);
    MODESCAPE_COMPARE_NEAR(actual.adaptiveEce, expected["adaptive_ece"].get<double>(), kTolerance);
}

}  // namespace

class TestReferenceValues : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        reference_ = readReference();
        const auto members = reference_["members"].get<std::int64_t>();
        const auto samples = reference_["samples"].get<std::int64_t>();
        const auto oodSamples = reference_["ood_samples"].get<std::int64_t>();
        const auto classes = reference_["classes"].get<std::int64_t>();
        const std::vector<float> p = test::readCalibrationFixture<float>(
            "probabilities.f32", static_cast<std::size_t>(members * samples * classes));
        const std::vector<float> ood = test::readCalibrationFixture<float>(
            "ood.f32", static_cast<std::size_t>(members * oodSamples * classes));
        std::vector<std::int64_t> labels =
            test::readCalibrationFixture<std::int64_t>("labels.i64", samples);
        std::vector<std::string> names;
        for (std::int64_t m = 0; m < members; ++m)
            names.push_back("m" + std::to_string(m));
        set_.emplace(MemberProbabilities(p, members, samples, classes), std::move(labels), names,
                     MemberProbabilities(ood, members, oodSamples, classes));
    }

    void allMembersAndTheirAverage() { checkSelection("all", set_->allMembers(), true); }

    void aSubsetInAnotherOrder() {
        checkSelection("selection",
                       reference_["selection_members"].get<std::vector<std::int64_t>>(), false);
    }

    void ensembleSizeCurve() {
        CalibrationOptions options;
        options.perMember = false;
        options.ensembleSizeCurve = true;
        options.seed = reference_["curve"]["seed"].get<std::uint64_t>();
        const std::vector<std::int64_t> all = set_->allMembers();
        const CalibrationReport r = calibrate(*set_, all, options);
        QCOMPARE(r.curve->order, reference_["curve"]["order"].get<std::vector<std::int64_t>>());
        const auto nll = reference_["curve"]["nll"].get<std::vector<double>>();
        const auto ece = reference_["curve"]["ece"].get<std::vector<double>>();
        QCOMPARE(r.curve->points.size(), nll.size());
        for (std::size_t k = 0; k < nll.size(); ++k) {
            MODESCAPE_COMPARE_NEAR(r.curve->points[k].metrics.nll, nll[k], kTolerance);
            MODESCAPE_COMPARE_NEAR(r.curve->points[k].metrics.ece, ece[k], kTolerance);
        }
        std::vector<std::int64_t> ten(10);
        for (std::int64_t i = 0; i < 10; ++i)
            ten[i] = i;
        QCOMPARE(seededOrder(ten, 2024),
                 reference_["seeded_order_2024_of_10"].get<std::vector<std::int64_t>>());
    }

    // The Uncertainty view's numbers (`modescape uncertainty`) on the reference's
    // subset: the per-score detection metrics and the pairwise MI are the NumPy /
    // SciPy values; the AUROC is also the Mann-Whitney statistic of the per-sample
    // scores counted here, and the histograms the fractions counted here.
    void uncertaintyReportAgainstNumPy() {
        const nlohmann::json& expected = reference_["selection"];
        const auto selection = reference_["selection_members"].get<std::vector<std::int64_t>>();
        UncertaintyOptions options;
        options.histogramBins = 12;
        const UncertaintyReport r = uncertaintyReport(*set_, selection, options);
        QCOMPARE(r.selectionNames, (std::vector<std::string>{"m3", "m0", "m4"}));
        MODESCAPE_COMPARE_NEAR(r.diversity.mutualInformation,
                               expected["diversity"]["mutual_information"].get<double>(),
                               kTolerance);
        QCOMPARE(r.ood.size(), std::size_t(3));
        QCOMPARE(r.oodSamples, reference_["ood_samples"].get<std::int64_t>());
        for (const OodScoreReport& score : r.ood) {
            const nlohmann::json& o = expected["ood"][oodScoreName(score.score)];
            MODESCAPE_COMPARE_NEAR(score.metrics.auroc, o["auroc"].get<double>(), kTolerance);
            MODESCAPE_COMPARE_NEAR(score.metrics.aupr, o["aupr"].get<double>(), kTolerance);
            MODESCAPE_COMPARE_NEAR(score.metrics.fpr95, o["fpr95"].get<double>(), kTolerance);
            QCOMPARE(score.inside.size(), std::size_t(reference_["samples"].get<int>()));
            QCOMPARE(score.outside.size(), std::size_t(reference_["ood_samples"].get<int>()));
            // Mann-Whitney over every (ood, in) pair, ties 1/2: a count of halves, exact
            // here; the core sums the ROC's trapezoids in floating point (a few ulps).
            std::int64_t halves = 0;
            for (const double out : score.outside)
                for (const double in : score.inside)
                    halves += out > in ? 2 : (out == in ? 1 : 0);
            const double pairs = double(score.inside.size() * score.outside.size());
            MODESCAPE_COMPARE_NEAR(score.metrics.auroc, double(halves) / (2 * pairs), 1e-14);
            checkHistogram(score.histogram, score.inside, score.outside, options.histogramBins);
        }
        const auto pairs = expected["pairwise_mutual_information"].get<std::vector<double>>();
        QVERIFY(r.pairwise && r.pairwiseOod && r.pairwiseHistogram);
        QCOMPARE(r.pairwise->values.size(), pairs.size());
        for (std::size_t i = 0; i < pairs.size(); ++i)
            MODESCAPE_COMPARE_NEAR(r.pairwise->values[i], pairs[i], kTolerance);
        checkHistogram(*r.pairwiseHistogram, r.pairwise->values, r.pairwiseOod->values,
                       options.histogramBins);
        // The curve is calibrate()'s: its last point is the whole selection's average.
        QCOMPARE(r.curve.points.size(), selection.size());
        MODESCAPE_COMPARE_NEAR(r.curve.points.back().metrics.nll, expected["nll"].get<double>(),
                               kTolerance);

        // Above the pairwise limit the pairs are left out, the rest stays.
        options.maxPairwiseMembers = 2;
        const UncertaintyReport without = uncertaintyReport(*set_, selection, options);
        QVERIFY(!without.pairwise && !without.pairwiseHistogram);
        QCOMPARE(without.ood[0].metrics.auroc, r.ood[0].metrics.auroc);
    }

    // Hand-worked: 3 bins on [0, 3]; 3 (the largest) goes to the last bin.
    void pairedHistogramByHand() {
        const std::vector<double> inside{0, 1, 2, 3}, outside{3};
        const PairedHistogram h = pairedHistogram(inside, outside, 3);
        QCOMPARE(h.lower, 0.0);
        QCOMPARE(h.upper, 3.0);
        QCOMPARE(h.centres, (std::vector<double>{0.5, 1.5, 2.5}));
        QCOMPARE(h.inside, (std::vector<double>{0.25, 0.25, 0.5}));
        QCOMPARE(h.outside, (std::vector<double>{0.0, 0.0, 1.0}));
        // Every value equal: one bar of all of them; no outside values, no outside bars.
        const std::vector<double> same{2, 2};
        const PairedHistogram one = pairedHistogram(same, {}, 4);
        QCOMPARE(one.inside, (std::vector<double>{1.0, 0.0, 0.0, 0.0}));
        QVERIFY(one.outside.empty());
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, pairedHistogram(same, {}, 0));
    }

  private:
    // Counted another way: value v is in bin b when lower + b w <= v < lower + (b + 1) w
    // (the last bin closed). Fractions as count / n against n additions of 1 / n:
    // at most n rounding steps of 2^-53 each, so 1e-12 for these few hundred values.
    static void checkHistogram(const PairedHistogram& h, const std::vector<double>& inside,
                               const std::vector<double>& outside, int bins) {
        QCOMPARE(int(h.centres.size()), bins);
        const double width = (h.upper - h.lower) / bins;
        for (const auto& [values, fractions] :
             {std::pair{&inside, &h.inside}, std::pair{&outside, &h.outside}}) {
            QCOMPARE(int(fractions->size()), bins);
            double total = 0;
            for (int b = 0; b < bins; ++b) {
                std::int64_t count = 0;
                for (const double v : *values)
                    if (v >= h.lower + b * width &&
                        (v < h.lower + (b + 1) * width || b == bins - 1))
                        ++count;
                MODESCAPE_COMPARE_NEAR((*fractions)[std::size_t(b)],
                                       double(count) / double(values->size()), 1e-12);
                total += (*fractions)[std::size_t(b)];
            }
            MODESCAPE_COMPARE_NEAR(total, 1.0, 1e-12);
        }
    }

    void checkSelection(const char* key, const std::vector<std::int64_t>& selection, bool members) {
        const nlohmann::json& expected = reference_[key];
        CalibrationOptions options;
        options.pairwise = true;
        options.perMember = members;
        const CalibrationReport r = calibrate(*set_, selection, options);
        compareMetrics(r.bma, expected);
        QCOMPARE(r.table.bins.size(), expected["bins"].size());
        for (std::size_t b = 0; b < r.table.bins.size(); ++b) {
            QCOMPARE(r.table.bins[b].count, expected["bins"][b]["count"].get<std::int64_t>());
            MODESCAPE_COMPARE_NEAR(r.table.bins[b].confidence,
                                   expected["bins"][b]["confidence"].get<double>(), kTolerance);
            MODESCAPE_COMPARE_NEAR(r.table.bins[b].accuracy,
                                   expected["bins"][b]["accuracy"].get<double>(), kTolerance);
        }
        // Equal-mass bins: the same members, and edges that are the least and largest
        // confidence of each bin's samples (the same float32 values on both sides: exact).
        CalibrationOptions massOptions;
        massOptions.perMember = false;
        massOptions.evaluation.tableStrategy = BinningStrategy::EqualMass;
        const ReliabilityTable mass = calibrate(*set_, selection, massOptions).table;
        const nlohmann::json& massBins = expected["adaptive_bins"];
        QCOMPARE(mass.bins.size(), massBins.size());
        MODESCAPE_COMPARE_NEAR(mass.ece, expected["adaptive_ece"].get<double>(), kTolerance);
        for (std::size_t b = 0; b < mass.bins.size(); ++b) {
            QCOMPARE(mass.bins[b].count, massBins[b]["count"].get<std::int64_t>());
            MODESCAPE_COMPARE_NEAR(mass.bins[b].lower, massBins[b]["lower"].get<double>(), 0);
            MODESCAPE_COMPARE_NEAR(mass.bins[b].upper, massBins[b]["upper"].get<double>(), 0);
            MODESCAPE_COMPARE_NEAR(mass.bins[b].accuracy, massBins[b]["accuracy"].get<double>(),
                                   kTolerance);
        }
        const nlohmann::json& d = expected["diversity"];
        MODESCAPE_COMPARE_NEAR(r.diversity.disagreement, d["disagreement"].get<double>(),
                               kTolerance);
        MODESCAPE_COMPARE_NEAR(r.diversity.mutualInformation, d["mutual_information"].get<double>(),
                               kTolerance);
        MODESCAPE_COMPARE_NEAR(r.diversity.predictiveEntropy, d["predictive_entropy"].get<double>(),
                               kTolerance);
        MODESCAPE_COMPARE_NEAR(r.diversity.expectedEntropy, d["expected_entropy"].get<double>(),
                               kTolerance);
        QCOMPARE(r.ood->byScore.size(), std::size_t(3));
        for (const auto& [score, metrics] : r.ood->byScore) {
            const nlohmann::json& o = expected["ood"][oodScoreName(score)];
            MODESCAPE_COMPARE_NEAR(metrics.auroc, o["auroc"].get<double>(), kTolerance);
            MODESCAPE_COMPARE_NEAR(metrics.aupr, o["aupr"].get<double>(), kTolerance);
            MODESCAPE_COMPARE_NEAR(metrics.fpr95, o["fpr95"].get<double>(), kTolerance);
        }
        const auto pairs = expected["pairwise_mutual_information"].get<std::vector<double>>();
        QCOMPARE(r.pairwise->values.size(), pairs.size());
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            MODESCAPE_COMPARE_NEAR(r.pairwise->values[i], pairs[i], kTolerance);
        }
        if (members) {
            QCOMPARE(r.members.size(), reference_["member_metrics"].size());
            for (std::size_t m = 0; m < r.members.size(); ++m) {
                compareMetrics(r.members[m].metrics, reference_["member_metrics"][m]);
            }
        }
    }

    nlohmann::json reference_;
    std::optional<CalibrationSet> set_;
};

QTEST_APPLESS_MAIN(TestReferenceValues)
#include "TestReferenceValues.moc"
