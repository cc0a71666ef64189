// The live calibration (running sums moved by adding and removing members)
// against calibrate() on a cache holding the same selection: after a long
// random sequence of single-member updates with the periodic fresh sum turned
// off, the running model average equals a fresh one to 1e-12 and every number
// of the report equals calibrate()'s to rounding. Members' probabilities span
// twenty orders of magnitude, where an uncompensated running sum would lose
// the small ones.
#include <QtTest>

#include <algorithm>
#include <cmath>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"
#include "core/calibration/LiveCalibration.h"
#include "core/common/Error.h"

using namespace modescape;
using namespace modescape::calibration;

namespace {

constexpr std::int64_t kMembers = 16, kSamples = 300, kOodSamples = 120, kClasses = 6;

// Softmax rows of logits with standard deviation 6 (probabilities down to ~1e-20).
std::vector<float> softmaxRows(std::mt19937_64& generator, std::int64_t rows) {
    std::normal_distribution<double> logit(0.0, 6.0);
    std::vector<float> p(static_cast<std::size_t>(rows * kClasses));
    std::vector<double> e(kClasses);
    for (std::int64_t r = 0; r < rows; ++r) {
        double sum = 0.0;
        for (auto& v : e)
            sum += v = std::exp(logit(generator));
        for (std::int64_t c = 0; c < kClasses; ++c)
            p[std::size_t(r * kClasses + c)] = float(e[std::size_t(c)] / sum);
    }
    return p;
}

struct Members {
    std::vector<std::vector<float>> in, out;
    std::vector<std::int64_t> labels;
    std::vector<std::string> names, groups;
};

Members generated() {
    std::mt19937_64 generator(11);
    Members m;
    for (std::int64_t i = 0; i < kMembers; ++i) {
        m.in.push_back(softmaxRows(generator, kSamples));
        m.out.push_back(softmaxRows(generator, kOodSamples));
        m.names.push_back("m" + std::to_string(i));
        m.groups.push_back(std::string(1, char('a' + i % 3)));
    }
    for (std::int64_t n = 0; n < kSamples; ++n)
        m.labels.push_back(std::int64_t(generator() % kClasses));
    return m;
}

std::shared_ptr<const MemberPrediction> predictionOf(const Members& m, std::size_t i) {
    return std::make_shared<const MemberPrediction>(
        MemberPrediction{MemberProbabilities(m.in[i], 1, kSamples, kClasses),
                         MemberProbabilities(m.out[i], 1, kOodSamples, kClasses)});
}

// calibrate() on a cache of exactly the selected members, in selection order,
// grouped by first appearance (as the live and the streamed reports group).
CalibrationReport reference(const Members& m, const std::vector<std::int64_t>& selection) {
    std::vector<float> in, out;
    std::vector<std::string> names;
    CalibrationOptions options;
    for (std::size_t position = 0; position < selection.size(); ++position) {
        const auto i = std::size_t(selection[position]);
        in.insert(in.end(), m.in[i].begin(), m.in[i].end());
        out.insert(out.end(), m.out[i].begin(), m.out[i].end());
        names.push_back(m.names[i]);
        auto it = std::find_if(options.groups.begin(), options.groups.end(),
                               [&](const MemberGroup& g) { return g.name == m.groups[i]; });
        if (it == options.groups.end())
            it = options.groups.insert(options.groups.end(), MemberGroup{m.groups[i], {}});
        it->members.push_back(std::int64_t(position));
    }
    const auto k = std::int64_t(selection.size());
    const CalibrationSet set(MemberProbabilities(in, k, kSamples, kClasses), m.labels, names,
                             MemberProbabilities(out, k, kOodSamples, kClasses));
    std::vector<std::int64_t> all(selection.size());
    for (std::size_t i = 0; i < all.size(); ++i)
        all[i] = std::int64_t(i);
    return calibrate(set, all, options);
}

#define CLOSE(a, b)                                                                        \
    QVERIFY2(std::abs(double(a) - double(b)) <= 1e-9 * std::max(1.0, std::abs(double(b))), \
             qPrintable(QStringLiteral("%1 = %2, calibrate() %3")                          \
                            .arg(QStringLiteral(#a))                                       \
                            .arg(double(a), 0, 'g', 17)                                    \
                            .arg(double(b), 0, 'g', 17)))

void compareMetrics(const PredictionMetrics& a, const PredictionMetrics& b) {
    QCOMPARE(a.samples, b.samples);
    CLOSE(a.accuracy, b.accuracy);
    CLOSE(a.nll, b.nll);
    CLOSE(a.brier, b.brier);
    CLOSE(a.ece, b.ece);
    CLOSE(a.mce, b.mce);
    CLOSE(a.rmsce, b.rmsce);
    CLOSE(a.adaptiveEce, b.adaptiveEce);
    CLOSE(a.meanConfidence, b.meanConfidence);
    CLOSE(a.aurc, b.aurc);
    CLOSE(a.smoothEce, b.smoothEce);
    CLOSE(a.signedEce, b.signedEce);
    CLOSE(a.classwiseEce, b.classwiseEce);
}

void compareDiversity(const DiversityMetrics& a, const DiversityMetrics& b) {
    QCOMPARE(a.members, b.members);
    CLOSE(a.disagreement, b.disagreement);
    CLOSE(a.mutualInformation, b.mutualInformation);
    CLOSE(a.predictiveEntropy, b.predictiveEntropy);
    CLOSE(a.expectedEntropy, b.expectedEntropy);
}

void compareReports(const CalibrationReport& live, const CalibrationReport& fresh) {
    QCOMPARE(live.selection, fresh.selection);
    QCOMPARE(live.selectionNames, fresh.selectionNames);
    compareMetrics(live.bma, fresh.bma);
    QCOMPARE(live.table.bins.size(), fresh.table.bins.size());
    for (std::size_t b = 0; b < live.table.bins.size(); ++b) {
        QCOMPARE(live.table.bins[b].count, fresh.table.bins[b].count);
        CLOSE(live.table.bins[b].confidence, fresh.table.bins[b].confidence);
        CLOSE(live.table.bins[b].accuracy, fresh.table.bins[b].accuracy);
    }
    compareDiversity(live.diversity, fresh.diversity);
    QCOMPARE(live.members.size(), fresh.selection.size());
    for (std::size_t i = 0; i < live.members.size(); ++i) {
        QCOMPARE(live.members[i].index, std::int64_t(i));
        QCOMPARE(live.members[i].name, fresh.selectionNames[i]);
        compareMetrics(live.members[i].metrics, fresh.members[i].metrics);
    }
    QCOMPARE(live.groups.size(), fresh.groups.size());
    for (std::size_t g = 0; g < live.groups.size(); ++g) {
        QCOMPARE(live.groups[g].name, fresh.groups[g].name);
        QCOMPARE(live.groups[g].members, fresh.groups[g].members);
        compareMetrics(live.groups[g].metrics, fresh.groups[g].metrics);
        compareDiversity(live.groups[g].diversity, fresh.groups[g].diversity);
    }
    QVERIFY(live.ood && fresh.ood);
    QCOMPARE(live.ood->byScore.size(), fresh.ood->byScore.size());
    for (std::size_t s = 0; s < live.ood->byScore.size(); ++s) {
        CLOSE(live.ood->byScore[s].second.auroc, fresh.ood->byScore[s].second.auroc);
        CLOSE(live.ood->byScore[s].second.aupr, fresh.ood->byScore[s].second.aupr);
        CLOSE(live.ood->byScore[s].second.fpr95, fresh.ood->byScore[s].second.fpr95);
    }
    compareDiversity(live.ood->diversity, fresh.ood->diversity);
}

std::unique_ptr<LiveCalibration> liveOf(const Members& m, std::int64_t exactEvery) {
    LiveCalibrationOptions options;
    options.exactEvery = exactEvery;
    auto live = std::make_unique<LiveCalibration>(m.labels, options);
    for (std::size_t i = 0; i < m.names.size(); ++i)
        if (live->addMember(predictionOf(m, i), m.names[i], m.groups[i]) != std::int64_t(i))
            qFatal("member %zu got another id", i);
    return live;
}

}  // namespace

class TestLiveCalibration : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void longRandomSequenceEqualsAFreshAggregate() {
        const Members m = generated();
        const auto owner = liveOf(m, 0);
        LiveCalibration& live = *owner;  // never summed afresh after the first
        std::mt19937_64 generator(5);
        std::vector<std::int64_t> selection = {0, 1, 2, 3, 4, 5, 6, 7};
        QVERIFY(live.select(selection).fresh);
        std::int64_t updates = 0;
        for (int step = 1; step <= 3000; ++step) {
            const auto id = std::int64_t(generator() % kMembers);
            const auto it = std::find(selection.begin(), selection.end(), id);
            if (it == selection.end())
                selection.insert(
                    selection.begin() + std::ptrdiff_t(generator() % (selection.size() + 1)), id);
            else if (selection.size() > 2)
                selection.erase(it);
            else
                continue;
            const SelectionUpdate update = live.select(selection);
            // One member in or out: one member's pass, never a fresh sum.
            QVERIFY(!update.fresh);
            QCOMPARE(update.added + update.removed, std::int64_t(1));
            ++updates;
            if (step % 500 != 0)
                continue;
            std::vector<float> in;
            for (const std::int64_t i : selection)
                in.insert(in.end(), m.in[std::size_t(i)].begin(), m.in[std::size_t(i)].end());
            const MemberProbabilities cache(in, std::int64_t(selection.size()), kSamples, kClasses);
            std::vector<double> fresh(std::size_t(kSamples * kClasses));
            std::vector<std::int64_t> all(selection.size());
            for (std::size_t i = 0; i < all.size(); ++i)
                all[i] = std::int64_t(i);
            cache.averageMembers(all, fresh);
            const std::vector<double> running = live.average();
            double worst = 0.0, worstRelative = 0.0;
            for (std::size_t i = 0; i < fresh.size(); ++i) {
                worst = std::max(worst, std::abs(running[i] - fresh[i]));
                if (fresh[i] > 0)
                    worstRelative =
                        std::max(worstRelative, std::abs(running[i] - fresh[i]) / fresh[i]);
            }
            QVERIFY2(worst <= 1e-12, qPrintable(QString::number(worst)));
            // Even the smallest probabilities keep their digits (compensated sums).
            QVERIFY2(worstRelative <= 1e-9, qPrintable(QString::number(worstRelative)));
            compareReports(live.report(), reference(m, selection));
        }
        QVERIFY(updates > 2500);
    }

    void aSelectionSharingFewMembersIsSummedAfresh() {
        const Members m = generated();
        const auto owner = liveOf(m, 256);
        LiveCalibration& live = *owner;
        const std::vector<std::int64_t> first = {0, 1, 2, 3};
        const std::vector<std::int64_t> other = {8, 9, 10, 11, 12};
        QVERIFY(live.select(first).fresh);
        const SelectionUpdate update = live.select(other);
        QVERIFY(update.fresh);
        QCOMPARE(update.added, std::int64_t(5));
        compareReports(live.report(), reference(m, other));
        // Reordering the same members updates nothing but the report's order.
        const std::vector<std::int64_t> reordered = {12, 8, 11, 10, 9};
        const SelectionUpdate none = live.select(reordered);
        QVERIFY(!none.fresh);
        QCOMPARE(none.added + none.removed, std::int64_t(0));
        compareReports(live.report(), reference(m, reordered));
        // One group holding the whole selection: its numbers are the BMA's (taken
        // over, not recomputed) and still equal calibrate()'s.
        const std::vector<std::int64_t> groupA = {0, 3, 6, 9};
        live.select(groupA);
        const CalibrationReport oneGroup = live.report();
        compareReports(oneGroup, reference(m, groupA));
        QCOMPARE(oneGroup.groups.size(), std::size_t(1));
        QCOMPARE(oneGroup.groups[0].metrics.nll, oneGroup.bma.nll);
        QCOMPARE(oneGroup.groups[0].metrics.smoothEce, oneGroup.bma.smoothEce);
        QCOMPARE(oneGroup.groups[0].diversity.mutualInformation,
                 oneGroup.diversity.mutualInformation);
    }

    void periodicFreshSum() {
        const Members m = generated();
        const auto owner = liveOf(m, 3);
        LiveCalibration& live = *owner;
        std::vector<std::int64_t> selection = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        QVERIFY(live.select(selection).fresh);
        int fresh = 0;
        for (std::int64_t id = 10; id < kMembers; ++id) {
            selection.push_back(id);
            fresh += live.select(selection).fresh;
        }
        QCOMPARE(fresh, 1);  // 6 single-member updates: the 4th is summed afresh
        compareReports(live.report(), reference(m, selection));
    }

    void cancelledUpdateLeavesConsistentSums() {
        const Members m = generated();
        const auto owner = liveOf(m, 0);
        LiveCalibration& live = *owner;
        QVERIFY(live.select(std::vector<std::int64_t>{0, 1, 2, 3, 4, 5}).fresh);
        JobContext context;
        context.cancel.cancel();
        const std::vector<std::int64_t> next = {0, 1, 2, 3, 4, 6};
        QVERIFY_THROWS_EXCEPTION(Cancelled, live.select(next, context));
        const SelectionUpdate update = live.select(next);
        QVERIFY(!update.fresh);
        QCOMPARE(update.added + update.removed, std::int64_t(2));
        compareReports(live.report(), reference(m, next));
    }

    void refusesBadInput() {
        const Members m = generated();
        const auto owner = liveOf(m, 0);
        LiveCalibration& live = *owner;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, live.report());
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, live.select(std::vector<std::int64_t>{}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, live.select(std::vector<std::int64_t>{0, 0}));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, live.select(std::vector<std::int64_t>{kMembers}));
        const std::vector<float> small(std::size_t(kSamples * 3), 1.0f / 3);
        QVERIFY_THROWS_EXCEPTION(
            ShapeMismatch,
            live.addMember(std::make_shared<const MemberPrediction>(MemberPrediction{
                               MemberProbabilities(small, 1, kSamples, 3), std::nullopt}),
                           "odd", "a"));
        LiveCalibrationOptions pairwise;
        pairwise.streamed.calibration.pairwise = true;
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, LiveCalibration(m.labels, pairwise));
    }
};

QTEST_APPLESS_MAIN(TestLiveCalibration)
#include "TestLiveCalibration.moc"
