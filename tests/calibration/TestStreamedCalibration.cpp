// The streamed calibration (one member's predictions in memory at a time)
// against calibrate() on the whole cache: the reference fixture's 5 members
// with an OOD split, and 120 generated members. A counting source records how
// many members' predictions are alive at once: 1 in the main pass and the
// ensemble-size curve whatever the member count, panel + 1 in the pairwise
// passes. The sums run in the same order on both sides, so the values are
// compared exactly.
#include <QtTest>

#include <algorithm>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/MemberPredictionSource.h"
#include "core/calibration/StreamedCalibration.h"
#include "core/calibration/StreamedPairwise.h"
#include "core/calibration/UncertaintyReport.h"
#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "tests/calibration/CalibrationFixture.h"
#include "tests/common/PeakMemory.h"

using namespace modescape;
using namespace modescape::calibration;

namespace {

const std::string& kDir = test::kCalibrationFixtures;

// The reference fixture of TestReferenceValues (numpy-made, 5 members, OOD).
CalibrationSet referenceSet() {
    std::ifstream in(kDir + "reference.json");
    const nlohmann::json reference = nlohmann::json::parse(in);
    const auto members = reference["members"].get<std::int64_t>();
    const auto samples = reference["samples"].get<std::int64_t>();
    const auto oodSamples = reference["ood_samples"].get<std::int64_t>();
    const auto classes = reference["classes"].get<std::int64_t>();
    const auto p = test::readCalibrationFixture<float>(
        "probabilities.f32", static_cast<std::size_t>(members * samples * classes));
    const auto ood = test::readCalibrationFixture<float>(
        "ood.f32", static_cast<std::size_t>(members * oodSamples * classes));
    std::vector<std::string> names;
    for (std::int64_t m = 0; m < members; ++m)
        names.push_back("m" + std::to_string(m));
    return CalibrationSet(MemberProbabilities(p, members, samples, classes),
                          test::readCalibrationFixture<std::int64_t>("labels.i64", samples), names,
                          MemberProbabilities(ood, members, oodSamples, classes));
}

// `members` random softmax members in float64 (seeded), with an OOD split.
CalibrationSet generatedSet(std::int64_t members, std::int64_t samples, std::int64_t classes) {
    std::mt19937_64 generator(7);
    std::normal_distribution<double> logit(0.0, 2.0);
    auto softmaxRows = [&](std::int64_t n) {
        std::vector<double> p(static_cast<std::size_t>(members * n * classes));
        for (std::size_t row = 0; row < p.size(); row += std::size_t(classes)) {
            double sum = 0.0;
            for (std::int64_t c = 0; c < classes; ++c)
                sum += p[row + c] = std::exp(logit(generator));
            for (std::int64_t c = 0; c < classes; ++c)
                p[row + c] /= sum;
        }
        return p;
    };
    std::vector<std::int64_t> labels(static_cast<std::size_t>(samples));
    for (auto& l : labels)
        l = std::int64_t(generator() % std::uint64_t(classes));
    std::vector<std::string> names;
    for (std::int64_t m = 0; m < members; ++m)
        names.push_back("g" + std::to_string(m));
    return CalibrationSet(
        MemberProbabilities(softmaxRows(samples), members, samples, classes), labels, names,
        MemberProbabilities(softmaxRows(samples / 2), members, samples / 2, classes));
}

// Serves another source's members and counts those alive at each read (the
// new one included): the readers drop a member by dropping its pointer.
class CountingSource : public MemberPredictionSource {
  public:
    explicit CountingSource(const MemberPredictionSource& inner) : inner_(inner) {}
    std::int64_t members() const override { return inner_.members(); }
    std::shared_ptr<const MemberPrediction> read(std::int64_t member,
                                                 const JobContext& context) const override {
        std::erase_if(alive_, [](const auto& w) { return w.expired(); });
        auto p = inner_.read(member, context);
        alive_.push_back(p);
        maxAlive_ = std::max(maxAlive_, alive_.size());
        ++reads_;
        return p;
    }
    std::size_t maxAlive() const { return maxAlive_; }
    std::int64_t reads() const { return reads_; }
    void reset() const { alive_.clear(), maxAlive_ = 0, reads_ = 0; }

  private:
    const MemberPredictionSource& inner_;
    mutable std::vector<std::weak_ptr<const MemberPrediction>> alive_;
    mutable std::size_t maxAlive_ = 0;
    mutable std::int64_t reads_ = 0;
};

// Groups "a", "b", "a", "b", ... as names per member and as calibrate()'s
// positions (in order of first appearance, as the streamed engine reports them).
std::vector<std::string> alternatingGroups(std::int64_t members) {
    std::vector<std::string> groups;
    for (std::int64_t m = 0; m < members; ++m)
        groups.push_back(m % 2 == 0 ? "a" : "b");
    return groups;
}

std::vector<MemberGroup> asPositions(const std::vector<std::string>& groups) {
    std::vector<MemberGroup> out;
    for (std::size_t m = 0; m < groups.size(); ++m) {
        auto it = std::find_if(out.begin(), out.end(),
                               [&](const MemberGroup& g) { return g.name == groups[m]; });
        if (it == out.end())
            it = out.insert(out.end(), MemberGroup{groups[m], {}});
        it->members.push_back(std::int64_t(m));
    }
    return out;
}

#define COMPARE_EXACT(a, b)                                                 \
    QVERIFY2((a) == (b), qPrintable(QStringLiteral("%1 = %2, in memory %3") \
                                        .arg(QStringLiteral(#a))            \
                                        .arg(double(a), 0, 'g', 17)         \
                                        .arg(double(b), 0, 'g', 17)))

void compareMetrics(const PredictionMetrics& a, const PredictionMetrics& b) {
    QCOMPARE(a.samples, b.samples);
    COMPARE_EXACT(a.accuracy, b.accuracy);
    COMPARE_EXACT(a.nll, b.nll);
    COMPARE_EXACT(a.brier, b.brier);
    COMPARE_EXACT(a.ece, b.ece);
    COMPARE_EXACT(a.mce, b.mce);
    COMPARE_EXACT(a.rmsce, b.rmsce);
    COMPARE_EXACT(a.adaptiveEce, b.adaptiveEce);
    COMPARE_EXACT(a.meanConfidence, b.meanConfidence);
}

void compareDiversity(const DiversityMetrics& a, const DiversityMetrics& b) {
    QCOMPARE(a.members, b.members);
    COMPARE_EXACT(a.disagreement, b.disagreement);
    COMPARE_EXACT(a.mutualInformation, b.mutualInformation);
    COMPARE_EXACT(a.predictiveEntropy, b.predictiveEntropy);
    COMPARE_EXACT(a.expectedEntropy, b.expectedEntropy);
}

void compareDetection(const DetectionMetrics& a, const DetectionMetrics& b) {
    COMPARE_EXACT(a.auroc, b.auroc);
    COMPARE_EXACT(a.aupr, b.aupr);
    COMPARE_EXACT(a.fpr95, b.fpr95);
}

void comparePairs(const std::optional<PairwiseMutualInformation>& a,
                  const std::optional<PairwiseMutualInformation>& b) {
    QCOMPARE(a.has_value(), b.has_value());
    if (!a)
        return;
    QCOMPARE(a->members, b->members);
    QCOMPARE(a->values.size(), b->values.size());
    for (std::size_t i = 0; i < a->values.size(); ++i)
        COMPARE_EXACT(a->values[i], b->values[i]);
}

void compareReports(const CalibrationReport& s, const CalibrationReport& m) {
    QCOMPARE(s.selection, m.selection);
    QCOMPARE(s.selectionNames, m.selectionNames);
    compareMetrics(s.bma, m.bma);
    QCOMPARE(s.table.bins.size(), m.table.bins.size());
    for (std::size_t b = 0; b < s.table.bins.size(); ++b) {
        QCOMPARE(s.table.bins[b].count, m.table.bins[b].count);
        COMPARE_EXACT(s.table.bins[b].confidence, m.table.bins[b].confidence);
        COMPARE_EXACT(s.table.bins[b].accuracy, m.table.bins[b].accuracy);
    }
    compareDiversity(s.diversity, m.diversity);
    QCOMPARE(s.members.size(), m.members.size());
    for (std::size_t i = 0; i < s.members.size(); ++i) {
        QCOMPARE(s.members[i].index, m.members[i].index);
        QCOMPARE(s.members[i].name, m.members[i].name);
        compareMetrics(s.members[i].metrics, m.members[i].metrics);
    }
    QCOMPARE(s.groups.size(), m.groups.size());
    for (std::size_t g = 0; g < s.groups.size(); ++g) {
        QCOMPARE(s.groups[g].name, m.groups[g].name);
        QCOMPARE(s.groups[g].members, m.groups[g].members);
        compareMetrics(s.groups[g].metrics, m.groups[g].metrics);
        compareDiversity(s.groups[g].diversity, m.groups[g].diversity);
    }
    QCOMPARE(s.ood.has_value(), m.ood.has_value());
    if (s.ood) {
        QCOMPARE(s.ood->samples, m.ood->samples);
        compareDetection(s.ood->metrics, m.ood->metrics);
        QCOMPARE(s.ood->byScore.size(), m.ood->byScore.size());
        for (std::size_t i = 0; i < s.ood->byScore.size(); ++i)
            compareDetection(s.ood->byScore[i].second, m.ood->byScore[i].second);
        compareDiversity(s.ood->diversity, m.ood->diversity);
    }
    comparePairs(s.pairwise, m.pairwise);
    comparePairs(s.pairwiseOod, m.pairwiseOod);
    QCOMPARE(s.curve.has_value(), m.curve.has_value());
    if (s.curve) {
        QCOMPARE(s.curve->order, m.curve->order);
        QCOMPARE(s.curve->points.size(), m.curve->points.size());
        for (std::size_t k = 0; k < s.curve->points.size(); ++k) {
            compareMetrics(s.curve->points[k].metrics, m.curve->points[k].metrics);
            compareDiversity(s.curve->points[k].diversity, m.curve->points[k].diversity);
            QVERIFY(s.curve->points[k].ood.has_value());
            compareDetection(*s.curve->points[k].ood, *m.curve->points[k].ood);
        }
    }
}

// Streams `set` through a counting source and compares with calibrate().
void checkAgainstInMemory(const CalibrationSet& set, std::int64_t maxPanel,
                          std::size_t expectedMaxAlive) {
    const std::vector<std::string> groups = alternatingGroups(set.members());
    StreamedCalibrationOptions options;
    options.calibration.evaluation.bins = 10;
    options.calibration.pairwise = true;
    options.calibration.ensembleSizeCurve = true;
    options.calibration.seed = 11;
    options.maxPanelMembers = maxPanel;
    const CalibrationSetSource inner(set);
    const CountingSource source(inner);
    const CalibrationReport streamed =
        calibrateStreamed(source, set.labels(), set.memberNames(), groups, options);

    CalibrationOptions whole = options.calibration;
    whole.groups = asPositions(groups);
    compareReports(streamed, calibrate(set, set.allMembers(), whole));
    QCOMPARE(source.maxAlive(), expectedMaxAlive);

    // Without --pairwise the passes hold one member whatever N: the main
    // pass reads each member once, the curve once more.
    options.calibration.pairwise = false;
    source.reset();
    calibrateStreamed(source, set.labels(), set.memberNames(), groups, options);
    QCOMPARE(source.maxAlive(), std::size_t(1));
    QCOMPARE(source.reads(), 2 * set.members());
}

void compareHistograms(const PairedHistogram& a, const PairedHistogram& b) {
    COMPARE_EXACT(a.lower, b.lower);
    COMPARE_EXACT(a.upper, b.upper);
    QCOMPARE(a.centres, b.centres);
    QCOMPARE(a.inside, b.inside);
    QCOMPARE(a.outside, b.outside);
}

// The streamed uncertainty report against uncertaintyReport() on the whole
// set: every number, the per-sample OOD scores and the histograms included.
void compareUncertainty(const UncertaintyReport& s, const UncertaintyReport& m) {
    QCOMPARE(s.selection, m.selection);
    QCOMPARE(s.selectionNames, m.selectionNames);
    compareDiversity(s.diversity, m.diversity);
    QCOMPARE(s.curve.order, m.curve.order);
    QCOMPARE(s.curve.points.size(), m.curve.points.size());
    for (std::size_t k = 0; k < s.curve.points.size(); ++k) {
        compareMetrics(s.curve.points[k].metrics, m.curve.points[k].metrics);
        compareDiversity(s.curve.points[k].diversity, m.curve.points[k].diversity);
        QCOMPARE(s.curve.points[k].ood.has_value(), m.curve.points[k].ood.has_value());
        if (s.curve.points[k].ood)
            compareDetection(*s.curve.points[k].ood, *m.curve.points[k].ood);
    }
    QCOMPARE(s.oodDiversity.has_value(), m.oodDiversity.has_value());
    if (s.oodDiversity)
        compareDiversity(*s.oodDiversity, *m.oodDiversity);
    QCOMPARE(s.oodSamples, m.oodSamples);
    QCOMPARE(s.ood.size(), m.ood.size());
    for (std::size_t i = 0; i < s.ood.size(); ++i) {
        QCOMPARE(s.ood[i].score, m.ood[i].score);
        compareDetection(s.ood[i].metrics, m.ood[i].metrics);
        QCOMPARE(s.ood[i].inside, m.ood[i].inside);
        QCOMPARE(s.ood[i].outside, m.ood[i].outside);
        compareHistograms(s.ood[i].histogram, m.ood[i].histogram);
    }
    comparePairs(s.pairwise, m.pairwise);
    comparePairs(s.pairwiseOod, m.pairwiseOod);
    QCOMPARE(s.pairwiseHistogram.has_value(), m.pairwiseHistogram.has_value());
    if (s.pairwiseHistogram)
        compareHistograms(*s.pairwiseHistogram, *m.pairwiseHistogram);
}

// Members generated when read, each from its own seed: a source of any size
// that holds nothing, for the memory bound of the streamed uncertainty.
class GeneratedSource : public MemberPredictionSource {
  public:
    GeneratedSource(std::int64_t members, std::int64_t samples, std::int64_t oodSamples,
                    std::int64_t classes)
        : members_(members), samples_(samples), oodSamples_(oodSamples), classes_(classes) {}
    std::int64_t members() const override { return members_; }
    std::shared_ptr<const MemberPrediction> read(std::int64_t member,
                                                 const JobContext&) const override {
        std::mt19937_64 generator(std::uint64_t(1000 + member));
        return std::make_shared<const MemberPrediction>(
            MemberPrediction{rows(samples_, generator), rows(oodSamples_, generator)});
    }
    std::vector<std::int64_t> labels() const {
        std::vector<std::int64_t> out(static_cast<std::size_t>(samples_));
        for (std::size_t n = 0; n < out.size(); ++n)
            out[n] = std::int64_t(n % std::size_t(classes_));
        return out;
    }

  private:
    MemberProbabilities rows(std::int64_t n, std::mt19937_64& generator) const {
        std::normal_distribution<double> logit(0.0, 2.0);
        std::vector<double> p(static_cast<std::size_t>(n * classes_));
        for (std::size_t row = 0; row < p.size(); row += std::size_t(classes_)) {
            double sum = 0.0;
            for (std::int64_t c = 0; c < classes_; ++c)
                sum += p[row + c] = std::exp(logit(generator));
            for (std::int64_t c = 0; c < classes_; ++c)
                p[row + c] /= sum;
        }
        return MemberProbabilities(std::span<const double>(p), 1, n, classes_);
    }

    std::int64_t members_, samples_, oodSamples_, classes_;
};

// Streams `set` into an uncertainty report (pairwise in panels of `panel`)
// and compares it with uncertaintyReport() on the whole set.
void checkUncertaintyAgainstInMemory(const CalibrationSet& set, std::int64_t panel) {
    UncertaintyOptions options;
    options.evaluation.bins = 10;
    options.seed = 5;
    options.histogramBins = 12;
    StreamedCalibrationOptions streamedOptions =
        streamedUncertaintyOptions(options, std::size_t(set.members()), 1e12);
    streamedOptions.maxPanelMembers = panel;
    StreamedCalibration calibration(set.labels(), streamedOptions);
    const CalibrationSetSource inner(set);
    const CountingSource source(inner);
    for (std::int64_t m = 0; m < set.members(); ++m)
        calibration.add(*source.read(m, {}), set.memberNames()[std::size_t(m)], "");
    CalibrationReport calibrated = calibration.finish(&source, {});
    const UncertaintyReport streamed =
        uncertaintyReportFrom(std::move(calibrated), calibration.sampleUncertainties(), options);
    const UncertaintyReport inMemory = uncertaintyReport(set, set.allMembers(), options);
    QVERIFY(streamed.pairwise.has_value());
    QCOMPARE(streamed.ood.size(), std::size(kAllOodScores));
    compareUncertainty(streamed, inMemory);
    // panel + 1 members alive at most, never the set.
    QCOMPARE(source.maxAlive(), std::size_t(panel + 1));

    // uncertaintyReportStreamed is the same loop.
    compareUncertainty(
        uncertaintyReportStreamed(inner, set.labels(), set.memberNames(), options, 1e12), inMemory);
}

}  // namespace

class TestStreamedCalibration : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // 5 members; the pairwise panel capped at 2: passes hold members {0, 1}
    // plus one streamed, then {2, 3} plus one, then {4}.
    void referenceFixtureEqualsInMemory() { checkAgainstInMemory(referenceSet(), 2, 3); }

    // 120 float64 members: the same bounds, so they do not grow with N.
    void manyMembersEqualInMemory() { checkAgainstInMemory(generatedSet(120, 40, 4), 8, 9); }

    // An unbounded working memory fits every member in one panel: one pass.
    void pairwiseInOnePassWhenTheSetFits() {
        const CalibrationSet set = referenceSet();
        const CalibrationSetSource inner(set);
        const CountingSource source(inner);
        const StreamedPairs pairs = streamedPairwiseMutualInformation(source, 1e12, 0, {});
        QCOMPARE(pairs.passes, std::int64_t(1));
        QCOMPARE(pairs.panel, set.members());
        QCOMPARE(source.reads(), set.members());
    }

    // Too little working memory: refused before any pass, naming the sizes
    // and what to change.
    void refusesWhatDoesNotFit() {
        const CalibrationSet set = generatedSet(100, 40, 4);
        const CalibrationSetSource source(set);
        StreamedCalibrationOptions options;
        // One running sum is 40 x 4 doubles and vote counts and 40 x 16 bytes per
        // sample: 2.5 KiB; the model average's, the OOD split's and the
        // average each report forms take 5 KiB.
        options.workingBytes = 1000;
        try {
            calibrateStreamed(source, set.labels(), set.memberNames(),
                              alternatingGroups(set.members()), options);
            QFAIL("a calibration over the working memory ran");
        } catch (const MemoryLimitExceeded& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("running sums") && message.contains("40 samples x 4") &&
                         message.contains("--group"),
                     qPrintable(message));
        }
        // The sums of the average and two groups fit (10 KiB); the 4,950 pairs
        // on both splits (77 KiB) do not: --pairwise is refused.
        options.workingBytes = 12000;
        options.calibration.pairwise = true;
        try {
            calibrateStreamed(source, set.labels(), set.memberNames(),
                              alternatingGroups(set.members()), options);
            QFAIL("a pairwise pass over the working memory ran");
        } catch (const MemoryLimitExceeded& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("pairwise mutual information of 100 members") &&
                         message.contains("--members"),
                     qPrintable(message));
        }
    }

    // The uncertainty report streamed (one member at a time, running sums)
    // equals the in-memory report on the same members: the sums run in the
    // same order, so the values are compared exactly. Pairwise in panels of
    // 2 on the reference set; 120 members with panels of 8 on the generated.
    void uncertaintyStreamedEqualsInMemory() {
        checkUncertaintyAgainstInMemory(referenceSet(), 2);
        checkUncertaintyAgainstInMemory(generatedSet(120, 40, 4), 8);
    }

    // 300 members x 3,000 samples (2,000 in, 1,000 OOD) x 10 classes: holding
    // them as the in-memory report does takes 72 MB of float64. Streamed, one
    // member is alive at a time and the peak RSS stays under a quarter of
    // that (the running sums and per-sample values are under 1 MB; the rest
    // is one member, the report and allocator slack). Pairwise is left out
    // (its memory is the panels', bounded above).
    void uncertaintyMemoryStaysFlat() {
        const std::int64_t members = 300, samples = 2000, oodSamples = 1000, classes = 10;
        const GeneratedSource inner(members, samples, oodSamples, classes);
        const CountingSource source(inner);
        std::vector<std::string> names;
        for (std::int64_t m = 0; m < members; ++m)
            names.push_back("g" + std::to_string(m));
        UncertaintyOptions options;
        options.maxPairwiseMembers = 10;
        const double wholeSetBytes = 8.0 * double(members * (samples + oodSamples) * classes);
        if (!test::resetPeak())
            QFAIL("cannot reset the peak RSS through /proc/self/clear_refs");
        const double before = test::statusKiB("VmRSS") * 1024;
        const UncertaintyReport report =
            uncertaintyReportStreamed(source, inner.labels(), names, options, 64e6);
        const double peak = test::statusKiB("VmHWM") * 1024 - before;
        QCOMPARE(report.curve.points.size(), std::size_t(members));
        QCOMPARE(report.ood.front().inside.size(), std::size_t(samples));
        QVERIFY(!report.pairwise.has_value());
        // The main pass and the curve read each member once, one at a time.
        QCOMPARE(source.maxAlive(), std::size_t(1));
        QCOMPARE(source.reads(), 2 * members);
        qInfo("uncertainty of %lld members: peak %.1f MiB over the start, whole set %.1f MiB",
              static_cast<long long>(members), peak / (1 << 20), wholeSetBytes / (1 << 20));
        QVERIFY2(peak < wholeSetBytes / 4,
                 qPrintable(QStringLiteral("peak %1 MiB").arg(peak / (1 << 20))));
    }

    // Every pass reports its own progress (for the time left), never going
    // back: members in [0, 0.5); the averages at 0.5; pairs in [0.525, 0.75)
    // and curve points in [0.75, 1) (the passes share the last 95 % of the
    // second half). A cancel during the curve's pass stops the report.
    void uncertaintyReportsProgressInEveryPass() {
        const CalibrationSet set = referenceSet();
        const CalibrationSetSource source(set);
        std::vector<std::pair<double, std::string>> seen;
        JobContext context;
        context.progress = [&](double fraction, const std::string& what) {
            seen.emplace_back(fraction, what);
        };
        uncertaintyReportStreamed(source, set.labels(), set.memberNames(), {}, 1e12, context);
        const auto within = [&](double from, double to, const std::string& word) {
            return std::count_if(seen.begin(), seen.end(), [&](const auto& s) {
                return s.first >= from && s.first < to && s.second.find(word) != std::string::npos;
            });
        };
        QCOMPARE(within(0.0, 0.5, "uncertainty: member"), std::ptrdiff_t(5));
        QVERIFY(within(0.5, 0.75, "pairwise mutual information: pass") >= 5);
        QCOMPARE(within(0.75, 1.0, " of 5"), std::ptrdiff_t(5));  // "ensemble size k of 5"
        for (std::size_t i = 1; i < seen.size(); ++i)
            QVERIFY2(seen[i].first >= seen[i - 1].first, seen[i].second.c_str());
        QCOMPARE(seen.back().first, 1.0);

        context.progress = [&](double, const std::string& what) {
            if (what.rfind("ensemble size 3", 0) == 0)
                context.cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(
            Cancelled,
            uncertaintyReportStreamed(source, set.labels(), set.memberNames(), {}, 1e12, context));
    }

    // What the running sums need over the working memory: refused before
    // any member is held, with the sizes.
    void uncertaintyRefusesWhatDoesNotFit() {
        const CalibrationSet set = generatedSet(4, 40, 4);
        const CalibrationSetSource source(set);
        try {
            uncertaintyReportStreamed(source, set.labels(), set.memberNames(), {}, 1000);
            QFAIL("an uncertainty report over the working memory ran");
        } catch (const MemoryLimitExceeded& error) {
            const QString message = error.what();
            QVERIFY2(message.contains("running sums") && message.contains("40 samples x 4"),
                     qPrintable(message));
        }
    }
};

QTEST_APPLESS_MAIN(TestStreamedCalibration)
#include "TestStreamedCalibration.moc"
