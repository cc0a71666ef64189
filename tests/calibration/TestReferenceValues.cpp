// Every metric on a random 5-member ensemble against an independent numpy /
// scipy implementation (tests/fixtures/calibration/make_calibration_reference.py).
#include <QtTest>

#include <fstream>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
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

  private:
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
