// The whole calibration job on a 3-member set worked on paper: the BMA, the
// members, a group, OOD detection, the ensemble-size curve and the JSON report.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

#include "core/calibration/CalibrationJson.h"
#include "core/calibration/CalibrationReport.h"
#include "core/calibration/UncertaintyReport.h"
#include "core/common/Error.h"
#include "tests/calibration/NearlyEqual.h"

using namespace modescape;
using namespace modescape::calibration;

namespace {

// Labels 0 1 0 1. Member a is always right; b is wrong on samples 2 and 3
// ([.5 .5] votes class 0); c is wrong on sample 1.
//        sample 0    sample 1    sample 2    sample 3
// a      [.9 .1]     [.2 .8]     [.6 .4]     [.3 .7]
// b      [.7 .3]     [.4 .6]     [.4 .6]     [.5 .5]
// c      [.8 .2]     [.6 .4]     [.8 .2]     [.1 .9]
// BMA    [.8 .2]     [.4 .6]     [.6 .4]     [.3 .7]   all right, p_y = .8 .6 .6 .7
const std::vector<double> kTest = {0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.3, 0.7, 0.7, 0.3, 0.4, 0.6,
                                   0.4, 0.6, 0.5, 0.5, 0.8, 0.2, 0.6, 0.4, 0.8, 0.2, 0.1, 0.9};
// OOD: every member is unsure or members disagree; BMA [.5 .5] on both samples.
const std::vector<double> kOod = {0.5, 0.5, 0.9, 0.1, 0.5, 0.5, 0.1, 0.9, 0.5, 0.5, 0.5, 0.5};

CalibrationSet makeSet() {
    return CalibrationSet(MemberProbabilities(kTest, 3, 4, 2), {0, 1, 0, 1}, {"a", "b", "c"},
                          MemberProbabilities(kOod, 3, 2, 2));
}

}  // namespace

class TestCalibrationReport : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void reportByHand() {
        const CalibrationSet set = makeSet();
        CalibrationOptions options;
        options.evaluation.bins = 4;  // edges .25 .5 .75: no confidence lies on one
        options.groups = {{"ab", {0, 1}}};
        const std::vector<std::int64_t> all = set.allMembers();
        const CalibrationReport r = calibrate(set, all, options);

        MODESCAPE_COMPARE_NEAR(r.bma.accuracy, 1.0, 0);
        // -(ln .8 + ln .6 + ln .6 + ln .7) / 4 = (.223143551 + 2 * .510825624 + .356674944) / 4
        MODESCAPE_COMPARE_NEAR(r.bma.nll, 0.4003674356962309, 1e-14);
        // (2*.2^2 + 2*.4^2 + 2*.4^2 + 2*.3^2) / 4 = (.08 + .32 + .32 + .18) / 4 = .225
        MODESCAPE_COMPARE_NEAR(r.bma.brier, 0.225, 1e-15);
        // All right, each bin's gap is 1 - conf: ECE = 1 - mean conf = 1 - 2.7/4 = .325
        MODESCAPE_COMPARE_NEAR(r.bma.ece, 0.325, 1e-15);
        // Bins (.5, .75] = {.6, .6, .7} (conf 1.9/3) and (.75, 1] = {.8};
        // MCE = 1 - 1.9/3 = .366667; RMSCE = sqrt(.75 (1.1/3)^2 + .25 * .2^2).
        QCOMPARE(r.table.bins.size(), std::size_t(2));
        QCOMPARE(r.table.bins[0].count, std::int64_t(3));
        MODESCAPE_COMPARE_NEAR(r.table.bins[0].confidence, 1.9 / 3, 1e-15);
        MODESCAPE_COMPARE_NEAR(r.bma.mce, 1.1 / 3, 1e-15);
        MODESCAPE_COMPARE_NEAR(r.bma.rmsce, std::sqrt(0.75 * (1.1 / 3) * (1.1 / 3) + 0.25 * 0.04),
                               1e-15);
        // Equal-mass, 4 bins of one sample each: the same per-sample gaps, ECE .325.
        MODESCAPE_COMPARE_NEAR(r.bma.adaptiveEce, 0.325, 1e-15);

        QCOMPARE(r.members.size(), std::size_t(3));
        QCOMPARE(r.members[1].name, std::string("b"));
        MODESCAPE_COMPARE_NEAR(r.members[0].metrics.accuracy, 1.0, 0);
        MODESCAPE_COMPARE_NEAR(r.members[1].metrics.accuracy, 0.5, 0);
        MODESCAPE_COMPARE_NEAR(r.members[2].metrics.accuracy, 0.75, 0);

        // Group ab: votes a [0 1 0 1], b [0 1 1 0]: disagree on 2 of 4 samples.
        QCOMPARE(r.groups.size(), std::size_t(1));
        MODESCAPE_COMPARE_NEAR(r.groups[0].diversity.disagreement, 0.5, 0);
        // BMA(a, b): [.8 .2] [.3 .7] [.5 .5] (tie -> 0, right) [.4 .6]: all right.
        MODESCAPE_COMPARE_NEAR(r.groups[0].metrics.accuracy, 1.0, 0);

        // OOD with -max probability: in-distribution -.8 -.6 -.6 -.7, OOD -.5 -.5: separable.
        QVERIFY(r.ood.has_value());
        MODESCAPE_COMPARE_NEAR(r.ood->metrics.auroc, 1.0, 0);
        MODESCAPE_COMPARE_NEAR(r.ood->metrics.aupr, 1.0, 0);
        MODESCAPE_COMPARE_NEAR(r.ood->metrics.fpr95, 0.0, 0);
        QCOMPARE(r.ood->byScore.size(), std::size_t(3));
        // OOD mutual information: sample 0 members identical -> 0; sample 1
        // ln 2 - (2 H(.9) + ln 2) / 3, H(.9) = .325082973 -> .245376...; mean / 2.
        const double h9 = -(0.9 * std::log(0.9) + 0.1 * std::log(0.1));
        MODESCAPE_COMPARE_NEAR(r.ood->diversity.mutualInformation,
                               (std::log(2.0) - (2 * h9 + std::log(2.0)) / 3) / 2, 1e-15);
        QVERIFY(!r.pairwise && !r.curve);
    }

    // Issue 19: max probability ranks OOD samples as confident (AUROC below 0.5)
    // while mutual information separates them. Two members, three samples in and
    // two out of distribution, every score worked by hand:
    //            a            b            BMA           -max p  entropy  MI
    //   in  0    [.7 .3]      [.6 .4]      [.65 .35]     -.65    .64745   .00551
    //   in  1    [.8 .2]      [.6 .4]      [.7 .3]       -.7     .61086   .02416
    //   in  2    [.65 .35]    [.75 .25]    [.7 .3]       -.7     .61086   .00597
    //   ood 0    [.99 .01]    [.9 .1]      [.945 .055]   -.945   .21298   .02244
    //   ood 1    [.95 .05]    [.75 .25]    [.85 .15]     -.85    .42271   .04228
    // MI = H(BMA) - (H(a) + H(b)) / 2. AUROC counts the 6 (ood, in) pairs the OOD
    // score wins (no ties here): -max p 0 of 6, entropy 0 of 6, MI 2 + 3 = 5 of 6.
    void oodScoresThatWorkByHand() {
        const std::vector<double> in = {0.7, 0.3, 0.8, 0.2, 0.65, 0.35,   // a
                                        0.6, 0.4, 0.6, 0.4, 0.75, 0.25};  // b
        const std::vector<double> ood = {0.99, 0.01, 0.95, 0.05,          // a
                                         0.9,  0.1,  0.75, 0.25};         // b
        const CalibrationSet set(MemberProbabilities(in, 2, 3, 2), {0, 0, 0}, {"a", "b"},
                                 MemberProbabilities(ood, 2, 2, 2));
        UncertaintyOptions options;
        options.histogramBins = 4;
        const UncertaintyReport r = uncertaintyReport(set, set.allMembers(), options);
        QCOMPARE(r.ood.size(), std::size_t(3));
        auto aurocOf = [&](OodScore score) {
            for (const auto& s : r.ood)
                if (s.score == score)
                    return s.metrics.auroc;
            return -1.0;
        };
        // Exact fractions of 6 pairs: the counts are integers, no rounding.
        QCOMPARE(aurocOf(OodScore::MaxProbability), 0.0);
        QCOMPARE(aurocOf(OodScore::PredictiveEntropy), 0.0);
        QCOMPARE(aurocOf(OodScore::MutualInformation), 5.0 / 6.0);
        // The per-sample MI of ood 1 by hand: H(.85) - (H(.95) + H(.75)) / 2.
        auto h = [](double p) { return -(p * std::log(p) + (1 - p) * std::log(1 - p)); };
        for (const auto& s : r.ood)
            if (s.score == OodScore::MutualInformation)
                // Rounding of a few logarithms in double: far below 1e-12.
                MODESCAPE_COMPARE_NEAR(s.outside[1], h(0.85) - (h(0.95) + h(0.75)) / 2, 1e-12);
        QCOMPARE(bestOodScore(r.ood), std::optional<OodScore>(OodScore::MutualInformation));
        QVERIFY(!bestOodScore({}).has_value());

        // The words both front ends print.
        const std::string below = aurocReading(0.13);
        QVERIFY(below.find("below 0.5") != std::string::npos);
        QVERIFY(below.find("more confident far from") != std::string::npos);
        QVERIFY(below.find("mutual information") != std::string::npos);
        QVERIFY(aurocReading(0.9).find("above 0.5") != std::string::npos);
        QVERIFY(aurocReading(0.5).find("chance") != std::string::npos);
        const nlohmann::json json = toJson(r, {"a", "b"}, false);
        QCOMPARE(json["ood"]["best_score"].get<std::string>(), std::string("mutual_information"));
        QCOMPARE(json["ood"]["scores"]["mutual_information"]["auroc"].get<double>(), 5.0 / 6.0);
    }

    void memberRowsAreTheSameOnTheirOwn() {
        const CalibrationSet set = makeSet();
        std::vector<double> fractions;
        JobContext context;
        context.progress = [&](double f, const std::string&) { fractions.push_back(f); };
        const std::vector<MemberReport> rows = memberReports(set, EvaluationOptions{}, context);
        QCOMPARE(rows.size(), std::size_t(3));
        QCOMPARE(rows[2].name, std::string("c"));
        // c: [.8 .2] [.6 .4] [.8 .2] [.1 .9] with labels 0 1 0 1: p_y = .8 .4 .8 .9.
        MODESCAPE_COMPARE_NEAR(rows[2].metrics.nll,
                               -(std::log(0.8) + std::log(0.4) + std::log(0.8) + std::log(0.9)) / 4,
                               1e-15);
        QCOMPARE(fractions.back(), 1.0);
        const std::vector<std::int64_t> all = set.allMembers();
        const CalibrationReport r = calibrate(set, all);
        QCOMPARE(r.members[2].metrics.nll, rows[2].metrics.nll);
    }

    void selectionReaggregates() {
        const CalibrationSet set = makeSet();
        CalibrationOptions options;
        options.perMember = false;
        const std::vector<std::int64_t> selection = {2, 0};
        const CalibrationReport r = calibrate(set, selection, options);
        QCOMPARE(r.selectionNames, (std::vector<std::string>{"c", "a"}));
        QVERIFY(r.members.empty());
        // BMA(c, a): [.85 .15] [.4 .6] [.7 .3] [.2 .8]: all right.
        // NLL = -(ln .85 + ln .6 + ln .7 + ln .8) / 4
        MODESCAPE_COMPARE_NEAR(
            r.bma.nll, -(std::log(0.85) + std::log(0.6) + std::log(0.7) + std::log(0.8)) / 4,
            1e-15);
    }

    void ensembleSizeCurve() {
        const CalibrationSet set = makeSet();
        CalibrationOptions options;
        options.ensembleSizeCurve = true;
        options.pairwise = true;
        options.seed = 42;
        const std::vector<std::int64_t> all = set.allMembers();
        const CalibrationReport r = calibrate(set, all, options);
        QVERIFY(r.curve.has_value());
        const EnsembleSizeCurve& curve = *r.curve;
        QCOMPARE(curve.seed, std::uint64_t(42));
        QCOMPARE(curve.points.size(), std::size_t(3));
        std::vector<std::int64_t> sorted = curve.order;
        std::sort(sorted.begin(), sorted.end());
        QCOMPARE(sorted, all);
        // Same seed, same order.
        QCOMPARE(seededOrder(all, 42), curve.order);
        // k = 1 is the first member alone, exactly.
        QCOMPARE(curve.points[0].size, std::int64_t(1));
        const std::int64_t first = curve.order[0];
        QCOMPARE(curve.points[0].metrics.nll, r.members[first].metrics.nll);
        QCOMPARE(curve.points[0].metrics.accuracy, r.members[first].metrics.accuracy);
        MODESCAPE_COMPARE_NEAR(curve.points[0].diversity.disagreement, 0.0, 0);
        MODESCAPE_COMPARE_NEAR(curve.points[0].diversity.mutualInformation, 0.0, 0);
        // k = 3 is the BMA of all (summed in another order).
        QCOMPARE(curve.points[2].size, std::int64_t(3));
        MODESCAPE_COMPARE_NEAR(curve.points[2].metrics.nll, r.bma.nll, 1e-14);
        MODESCAPE_COMPARE_NEAR(curve.points[2].metrics.brier, r.bma.brier, 1e-14);
        MODESCAPE_COMPARE_NEAR(curve.points[2].diversity.disagreement, r.diversity.disagreement,
                               1e-15);
        QVERIFY(curve.points[2].ood.has_value());
        MODESCAPE_COMPARE_NEAR(curve.points[2].ood->auroc, r.ood->metrics.auroc, 0);

        // Pairwise MI on the OOD sample 1: a [.9 .1], b [.1 .9] -> ln 2 - H(.9);
        // the pair (a, b) averages it with sample 0 (0): (ln 2 - H(.9)) / 2.
        QVERIFY(r.pairwiseOod.has_value());
        const double h9 = -(0.9 * std::log(0.9) + 0.1 * std::log(0.1));
        MODESCAPE_COMPARE_NEAR(r.pairwiseOod->between(0, 1), (std::log(2.0) - h9) / 2, 1e-15);
    }

    void seededOrderIsPlatformIndependent() {
        // mt19937_64 is fully specified by the C++ standard and the bounded draw is
        // ours, so this order (recorded from this implementation) must never change.
        std::vector<std::int64_t> ten(10);
        for (std::int64_t i = 0; i < 10; ++i)
            ten[i] = i;
        const std::vector<std::int64_t> order = seededOrder(ten, 2024);
        QCOMPARE(order, (std::vector<std::int64_t>{1, 3, 6, 0, 2, 8, 7, 5, 9, 4}));
        QVERIFY(seededOrder(ten, 2025) != order);
    }

    void jsonHasTheCliShape() {
        const CalibrationSet set = makeSet();
        CalibrationOptions options;
        options.evaluation.bins = 4;
        options.ensembleSizeCurve = true;
        options.pairwise = true;
        const std::vector<std::int64_t> all = set.allMembers();
        const CalibrationReport r = calibrate(set, all, options);
        const nlohmann::json j = toJson(r, set.memberNames());
        for (const char* key :
             {"accuracy", "nll", "brier", "ece", "mce", "rmsce", "adaptive_ece"}) {
            QVERIFY2(j["bma"].contains(key), key);
        }
        MODESCAPE_COMPARE_NEAR(j["bma"]["brier"].get<double>(), 0.225, 1e-15);
        MODESCAPE_COMPARE_NEAR(j["bma"]["ece"].get<double>(), 0.325, 1e-15);
        QCOMPARE(j["members"].size(), std::size_t(3));
        QCOMPARE(j["members"][2]["name"].get<std::string>(), std::string("c"));
        MODESCAPE_COMPARE_NEAR(j["members"][2]["accuracy"].get<double>(), 0.75, 0);
        QVERIFY(j["members"][2].contains("ece") && j["members"][2].contains("nll"));
        // (.5, .75] holds .6 .6 .7, (.75, 1] holds .8 (see reportByHand).
        QCOMPARE(j["bins"].size(), std::size_t(2));
        QCOMPARE(j["bins"][0]["count"].get<std::int64_t>(), std::int64_t(3));
        MODESCAPE_COMPARE_NEAR(j["bins"][0]["confidence"].get<double>(), 1.9 / 3, 1e-15);
        MODESCAPE_COMPARE_NEAR(j["bins"][0]["accuracy"].get<double>(), 1.0, 0);
        MODESCAPE_COMPARE_NEAR(j["bins"][0]["lower"].get<double>(), 0.5, 0);
        MODESCAPE_COMPARE_NEAR(j["bins"][0]["upper"].get<double>(), 0.75, 0);
        MODESCAPE_COMPARE_NEAR(j["bins"][1]["confidence"].get<double>(), 0.8, 1e-15);
        QCOMPARE(j["binning"]["strategy"].get<std::string>(), std::string("equal_width"));
        QCOMPARE(j["binning"]["bins"].get<int>(), 4);
        QVERIFY(j["diversity"].contains("mutual_information"));
        QCOMPARE(j["diversity"]["log"].get<std::string>(), std::string("natural"));
        MODESCAPE_COMPARE_NEAR(j["ood"]["auroc"].get<double>(), 1.0, 0);
        MODESCAPE_COMPARE_NEAR(j["ood"]["aupr"].get<double>(), 1.0, 0);
        MODESCAPE_COMPARE_NEAR(j["ood"]["fpr95"].get<double>(), 0.0, 0);
        QCOMPARE(j["ood"]["score"].get<std::string>(), std::string("max_probability"));
        QVERIFY(j["ood"]["by_score"].contains("mutual_information"));
        QCOMPARE(j["pairwise_mutual_information"]["in_distribution"].size(), std::size_t(3));
        QCOMPARE(j["ensemble_size"]["points"].size(), std::size_t(3));
        QCOMPARE(j["ensemble_size"]["order"].size(), std::size_t(3));
        // The JSON survives a text round trip with the same numbers.
        const nlohmann::json back = nlohmann::json::parse(j.dump());
        QCOMPARE(back["bma"]["nll"].get<double>(), r.bma.nll);
    }

    void badSetsAndSelectionsThrow() {
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, CalibrationSet(MemberProbabilities(kTest, 3, 4, 2),
                                                               {0, 1, 0, 1}, {"a", "b"}));
        QVERIFY_THROWS_EXCEPTION(ShapeMismatch, CalibrationSet(MemberProbabilities(kTest, 3, 4, 2),
                                                               {0, 1, 0}, {"a", "b", "c"}));
        // OOD with 2 members for a 3-member test split.
        QVERIFY_THROWS_EXCEPTION(
            ShapeMismatch, CalibrationSet(MemberProbabilities(kTest, 3, 4, 2), {0, 1, 0, 1},
                                          {"a", "b", "c"}, MemberProbabilities(kTest, 2, 6, 2)));
        const CalibrationSet set = makeSet();
        QCOMPARE(set.memberIndex("c"), std::int64_t(2));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, set.memberIndex("z"));
        CalibrationOptions options;
        options.groups = {{"broken", {0, 7}}};
        const std::vector<std::int64_t> all = set.allMembers();
        try {
            calibrate(set, all, options);
            QFAIL("a group with member 7 of 3 was accepted");
        } catch (const InvalidArgument& error) {
            QVERIFY(std::string(error.what()).find("broken") != std::string::npos);
        }
        JobContext cancelled;
        cancelled.cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, calibrate(set, all, CalibrationOptions{}, cancelled));
    }
};

QTEST_APPLESS_MAIN(TestCalibrationReport)
#include "TestCalibrationReport.moc"
