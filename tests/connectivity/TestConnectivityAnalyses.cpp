// The connectivity analyses (connect, barrier-matrix, curve-plane): their
// tables hold every option the old command and form had, with the enums' own
// words; values survive a JSON round trip into the same typed settings; the
// rules between parameters give one message; a barrier matrix computed in
// parts (member pairs) and merged equals the one computed whole; and each
// analysis continues a result it is given to resume: the units that result
// holds (path points, member pairs, the trained curve, grid points) are kept,
// not computed again (values no computation gives would be replaced), and the
// others equal a full run.
#include <QtTest>

#include <QTemporaryDir>

#include <cmath>

#include "ConnectivityTestSupport.h"
#include "core/analysis/AllAnalyses.h"
#include "core/analysis/BarrierMatrixAnalysis.h"
#include "core/analysis/ConnectAnalysis.h"
#include "core/analysis/CurvePlaneAnalysis.h"
#include "core/analysis/Registry.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/io/set/OpenSet.h"
#include "core/io/set/SetOverrides.h"
#include "core/landscape/LandscapeResult.h"

using namespace modescape;
using namespace modescape::analysis;

namespace {

const std::string kA = "g/a.safetensors", kB = "g/b.safetensors", kC = "g/c.safetensors";

// The message complete() throws for these values, or "" when it accepts them.
std::string refusal(const Analysis& analysis, const ParameterValues& values,
                    const io::CheckpointSet* set = nullptr) {
    try {
        analysis.complete(values, set);
    } catch (const InvalidArgument& e) {
        return e.what();
    }
    return {};
}

const double kNan = std::nan("");

// Run options that continue `earlier` and count the partial results reported
// (one per path point, member pair or grid row computed).
RunOptions resuming(const std::any& earlier, int& reported) {
    RunOptions options;
    options.resumeFrom = &earlier;
    options.onPartial = [&reported](const std::any&) { ++reported; };
    return options;
}

bool bitEqual(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size())
        return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i]))))
            return false;
    return true;
}

}  // namespace

class TestConnectivityAnalyses : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string set_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        set_ = dir_.filePath("moons").toStdString();
        connectivity::test::writeMoonsSetWithPermutedCopy(set_);
    }

    void registeredUnderTheirSubcommandNames() {
        QCOMPARE(&analysisNamed("connect"), &connectAnalysis());
        QCOMPARE(&analysisNamed("barrier-matrix"), &barrierMatrixAnalysis());
        QCOMPARE(&analysisNamed("curve-plane"), &curvePlaneAnalysis());
        for (const char* name : {"a", "b", "set"})
            QVERIFY(specNamed(connectAnalysis().parameters(), name).positional);
    }

    void tablesHoldEveryOldOptionWithTheEnumsWords() {
        const ParameterList& connect = connectAnalysis().parameters();
        // The flags `modescape connect` had before the table, and the GUI form's rows.
        for (const char* flag : {"--path", "--bends", "--epochs", "--lr", "--batch-size", "--wd",
                                 "--seed", "--points", "--curve"}) {
            bool found = false;
            for (const auto& spec : connect)
                found = found || spec.flag == flag;
            QVERIFY2(found, flag);
        }
        QCOMPARE(specNamed(connect, "path").choices,
                 (std::vector<std::string>{"linear", "aligned", "bezier", "polychain"}));
        QCOMPARE(specNamed(connect, "path").defaultValue, nlohmann::json("linear"));
        QCOMPARE(specNamed(connect, "epochs").defaultValue, nlohmann::json(20));
        QCOMPARE(specNamed(connect, "points").defaultValue, nlohmann::json(61));
        const ParameterList& matrix = barrierMatrixAnalysis().parameters();
        for (const char* flag : {"--members", "--aligned", "--threshold", "--points"})
            QVERIFY2(!specNamed(matrix, std::string(flag).substr(2)).flag.empty(), flag);
        QCOMPARE(specNamed(matrix, "threshold").defaultValue, nlohmann::json(0.1));
        QVERIFY(specNamed(matrix, "members").selectionDefault);
        const ParameterList& plane = curvePlaneAnalysis().parameters();
        QCOMPARE(specNamed(plane, "path").choices,
                 (std::vector<std::string>{"bezier", "polychain"}));
        QCOMPARE(specNamed(plane, "split").choices, io::datasetRoles());  // the one role list
        QCOMPARE(specNamed(plane, "grid-points").defaultValue, nlohmann::json(31));
        QCOMPARE(*specNamed(plane, "bends").minimum, 3.0);  // the plane needs a middle bend
    }

    void valuesSurviveAJsonRoundTrip() {
        const ParameterValues given{{"a", kA},         {"b", kC},    {"path", "polychain"},
                                    {"bends", 4},      {"lr", 0.02}, {"seed", 7},
                                    {"points", 9},     {"wd", 0.0},  {"momentum", 0.5},
                                    {"bn-samples", 64}};
        const ParameterValues values = connectAnalysis().complete(given);
        const ParameterValues again =
            connectAnalysis().complete(nlohmann::json::parse(values.dump()));
        QCOMPARE(again, values);
        const connectivity::PathSettings s = connectSettingsFrom(again);
        QCOMPARE(s.kind, connectivity::PathKind::Polychain);
        QCOMPARE(s.bends, 4);
        QCOMPARE(s.training.learningRate, 0.02);
        QCOMPARE(s.training.seed, std::uint64_t(7));
        QCOMPARE(s.training.momentum, 0.5);
        QCOMPARE(s.points, 9);
        QCOMPARE(s.batchNormSamples, std::int64_t(64));
        QCOMPARE(s.training.epochs, 20);  // the default, from the table

        const ParameterValues matrix = barrierMatrixAnalysis().complete(
            {{"members", {kA, kB}}, {"aligned", true}, {"threshold", 0.05}});
        const auto ms = barrierMatrixSettingsFrom(
            barrierMatrixAnalysis().complete(nlohmann::json::parse(matrix.dump())));
        QCOMPARE(ms.members, (std::vector<std::string>{kA, kB}));
        QVERIFY(ms.aligned);
        QCOMPARE(ms.threshold, 0.05);
        QCOMPARE(ms.points, 61);

        const ParameterValues plane = curvePlaneAnalysis().complete(
            {{"a", kA}, {"b", kC}, {"grid-points", 7}, {"split", "train"}, {"subset", 50}});
        const auto ps = curvePlaneSettingsFrom(
            curvePlaneAnalysis().complete(nlohmann::json::parse(plane.dump())));
        QCOMPARE(ps.gridPoints, 7);
        QCOMPARE(ps.split, std::string("train"));
        QCOMPARE(ps.subset, std::int64_t(50));
        QCOMPARE(ps.margin, 0.25);
        QCOMPARE(
            curvePlaneSettingsFrom(curvePlaneAnalysis().complete({{"a", kA}, {"b", kC}})).subset,
            std::int64_t(0));  // no value: the whole split
    }

    void rulesGiveOneMessage() {
        const io::CheckpointSet set = io::openCheckpointSet(set_, {});
        const Analysis& connect = connectAnalysis();
        QVERIFY(refusal(connect, {{"a", kA}, {"b", kA}}).find("same member") != std::string::npos);
        QVERIFY(refusal(connect, {{"a", kA}}).find("two members") != std::string::npos);
        QVERIFY(refusal(connect, {{"a", kA}, {"curve", "x"}}).find("drop A and B") !=
                std::string::npos);
        QVERIFY(refusal(connect, {{"a", kA}, {"b", "g/nope"}}, &set).find("g/nope") !=
                std::string::npos);
        QVERIFY(refusal(connect, {{"a", kA}, {"b", kC}, {"bends", 1}}).find("--bends") !=
                std::string::npos);
        QVERIFY(refusal(connect, {{"a", kA}, {"b", kC}, {"path", "straight"}}).find("--path") !=
                std::string::npos);
        QVERIFY(refusal(connect, {{"a", kA}, {"b", kC}, {"lr", 0.0}, {"path", "bezier"}})
                    .find("--lr") != std::string::npos);
        QCOMPARE(refusal(connect, {{"a", kA}, {"b", kC}}, &set), std::string());
        // The curve-plane analysis asks the same of A and B, in its own name.
        QVERIFY(refusal(curvePlaneAnalysis(), {{"a", kA}, {"b", kA}}).find("curve-plane") !=
                std::string::npos);
        QVERIFY(refusal(curvePlaneAnalysis(), {{"a", kA}, {"b", kC}, {"split", "ood"}}, &set)
                    .find("no 'ood' dataset") != std::string::npos);
        QVERIFY(refusal(barrierMatrixAnalysis(), {{"members", {kA, kA}}}).find("twice") !=
                std::string::npos);
        QVERIFY(refusal(barrierMatrixAnalysis(), {{"members", {kA}}}).find("at least 2") !=
                std::string::npos);
    }

    void matrixPartsMergedEqualTheWhole() {
        SetWorkspace workspace(io::openCheckpointSet(set_, {}));
        const Analysis& matrix = barrierMatrixAnalysis();
        const ParameterValues values =
            matrix.complete({{"points", 5}, {"threshold", 0.05}}, &workspace.set());
        const WorkUnits units = matrix.workUnits(workspace, values);
        QCOMPARE(units.count, std::int64_t(3));  // 3 members: 3 pairs
        const std::any whole = matrix.run(workspace, values, {});

        std::any merged;
        for (const std::vector<std::int64_t>& part :
             {std::vector<std::int64_t>{2}, std::vector<std::int64_t>{0, 1}}) {
            RunOptions options;
            options.units = part;
            const std::any computed = matrix.run(workspace, values, {}, options);
            // A part leaves the other pairs NaN.
            const auto& m = std::any_cast<const connectivity::BarrierMatrix&>(computed);
            QCOMPARE(std::isnan(m.barrier(1, 2)), part.size() == 2);
            matrix.merge(merged, computed);
        }
        const auto& w = std::any_cast<const connectivity::BarrierMatrix&>(whole);
        const auto& p = std::any_cast<const connectivity::BarrierMatrix&>(merged);
        // Each pair is the same computation on the same weights in one process:
        // equal bit for bit (straight paths end exactly at the members, so the
        // member losses agree too).
        QCOMPARE(p.members, w.members);
        QVERIFY(bitEqual(p.interpolated, w.interpolated));
        QVERIFY(bitEqual(p.endpointMean, w.endpointMean));
        QVERIFY(bitEqual(p.memberLoss, w.memberLoss));
        QCOMPARE(p.basin, w.basin);
        QCOMPARE(p.basinCount, w.basinCount);
        QCOMPARE(matrix.resultJson(merged)["barrier_interpolated"],
                 matrix.resultJson(whole)["barrier_interpolated"]);
        // g/b is a permutation of g/a; on straight lines it still has a barrier.
        QVERIFY(w.barrier(0, 1) > 0.05);
        QCOMPARE(w.barrier(0, 1), w.barrier(1, 0));
    }

    void connectResumeEvaluatesOnlyTheMissingPoints() {
        SetWorkspace workspace(io::openCheckpointSet(set_, {}));
        const Analysis& connect = connectAnalysis();
        const ParameterValues values =
            connect.complete({{"a", kA}, {"b", kC}, {"points", 9}}, &workspace.set());
        const auto whole = std::any_cast<ConnectResult>(connect.run(workspace, values, {}));
        QVERIFY(!whole.path.testLoss.empty());  // both splits are continued

        // Points 0-3 kept (their train losses 1000 + i), 4-8 missing.
        ConnectResult cancelled = whole;
        connectivity::PathResult& p = cancelled.path;
        for (std::size_t i = 0; i < p.t.size(); ++i) {
            if (i < 4) {
                p.trainLoss[i] = 1000.0 + double(i);
                continue;
            }
            p.trainLoss[i] = p.trainAccuracy[i] = p.testLoss[i] = p.testAccuracy[i] = kNan;
        }
        int reported = 0;
        const std::any earlier = cancelled;
        const auto resumed = std::any_cast<ConnectResult>(
            connect.run(workspace, values, {}, resuming(earlier, reported)));
        QCOMPARE(reported, 5);  // one partial result per evaluated point
        const connectivity::PathResult& r = resumed.path;
        for (std::size_t i = 0; i < 4; ++i)
            QCOMPARE(r.trainLoss[i], 1000.0 + double(i));
        // The same computation on the same weights in one process: bit for bit.
        const auto tail = [](const std::vector<double>& v) {
            return std::vector<double>(v.begin() + 4, v.end());
        };
        QVERIFY(bitEqual(tail(r.trainLoss), tail(whole.path.trainLoss)));
        QVERIFY(bitEqual(tail(r.trainAccuracy), tail(whole.path.trainAccuracy)));
        QVERIFY(bitEqual(tail(r.testLoss), tail(whole.path.testLoss)));
        QCOMPARE(r.length, whole.path.length);  // every step counted, kept points too
        QVERIFY(resumed.curve);

        // Continued from its true first points, the path is the full run's.
        ConnectResult honest = whole;
        for (std::size_t i = 4; i < honest.path.t.size(); ++i)
            honest.path.trainLoss[i] = honest.path.trainAccuracy[i] = honest.path.testLoss[i] =
                honest.path.testAccuracy[i] = kNan;
        const std::any honestEarlier = honest;
        reported = 0;
        const auto again = std::any_cast<ConnectResult>(
            connect.run(workspace, values, {}, resuming(honestEarlier, reported)));
        QCOMPARE(reported, 5);
        QVERIFY(bitEqual(again.path.trainLoss, whole.path.trainLoss));
        QVERIFY(bitEqual(again.path.testAccuracy, whole.path.testAccuracy));
        QCOMPARE(again.path.trainBarrier.interpolated, whole.path.trainBarrier.interpolated);
        QCOMPARE(again.path.testBarrier.endpointMean, whole.path.testBarrier.endpointMean);

        // Another path is not continued.
        const ParameterValues other =
            connect.complete({{"a", kA}, {"b", kB}, {"points", 9}}, &workspace.set());
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 connect.run(workspace, other, {}, resuming(earlier, reported)));
    }

    void barrierMatrixResumeComputesOnlyTheMissingPairs() {
        SetWorkspace workspace(io::openCheckpointSet(set_, {}));
        const Analysis& matrix = barrierMatrixAnalysis();
        const ParameterValues values = matrix.complete({{"points", 5}}, &workspace.set());
        const auto whole =
            std::any_cast<connectivity::BarrierMatrix>(matrix.run(workspace, values, {}));
        RunOptions firstPair;
        firstPair.units = {0};  // (a, b) only
        const std::any part = matrix.run(workspace, values, {}, firstPair);

        int reported = 0;
        const auto resumed = std::any_cast<connectivity::BarrierMatrix>(
            matrix.run(workspace, values, {}, resuming(part, reported)));
        QCOMPARE(reported, 2);  // (a, c) and (b, c)
        QVERIFY(bitEqual(resumed.interpolated, whole.interpolated));
        QVERIFY(bitEqual(resumed.endpointMean, whole.endpointMean));
        QVERIFY(bitEqual(resumed.memberLoss, whole.memberLoss));
        QCOMPARE(resumed.basin, whole.basin);

        // The kept pair is not computed again: a value no path gives stays.
        auto marked = std::any_cast<connectivity::BarrierMatrix>(part);
        marked.interpolated[1] = marked.interpolated[3] = 1000.0;  // (a, b) of 3 members
        const std::any markedAny = marked;
        reported = 0;
        const auto kept = std::any_cast<connectivity::BarrierMatrix>(
            matrix.run(workspace, values, {}, resuming(markedAny, reported)));
        QCOMPARE(reported, 2);
        QCOMPARE(kept.barrier(0, 1), 1000.0);
        QCOMPARE(kept.barrier(1, 2), whole.barrier(1, 2));
    }

    void curvePlaneResumeKeepsTheCurveAndTheComputedGridPoints() {
        SetWorkspace workspace(io::openCheckpointSet(set_, {}));
        const Analysis& plane = curvePlaneAnalysis();
        const ParameterValues values = plane.complete({{"a", kA},
                                                       {"b", kC},
                                                       {"epochs", 2},
                                                       {"points", 5},
                                                       {"grid-points", 5},
                                                       {"curve-points", 11}},
                                                      &workspace.set());
        const auto whole = std::any_cast<CurvePlaneOutcome>(plane.run(workspace, values, {}));
        QVERIFY(whole.curve);
        QCOMPARE(whole.path.epochLoss.size(), std::size_t(2));

        // Cancelled in the plane's third row: rows 0-1 kept (losses 1000 + k), the
        // training's epoch losses replaced by one no training gives.
        CurvePlaneOutcome cancelled = whole;
        cancelled.path.epochLoss = {1000.0};
        landscape::LandscapeResult& s = cancelled.plane.surface;
        for (std::size_t k = 0; k < s.loss.size(); ++k) {
            if (k < 10) {
                s.loss[k] = 1000.0 + double(k);
                continue;
            }
            s.loss[k] = s.accuracy[k] = kNan;
            s.computed[k] = 0;
        }
        int reported = 0;
        const std::any earlier = cancelled;
        const auto resumed = std::any_cast<CurvePlaneOutcome>(
            plane.run(workspace, values, {}, resuming(earlier, reported)));
        QCOMPARE(resumed.path.epochLoss, std::vector<double>{1000.0});  // not trained again
        QVERIFY(bitEqual(resumed.path.trainLoss, whole.path.trainLoss));
        const landscape::LandscapeResult& r = resumed.plane.surface;
        QCOMPARE(r.pointsComputedLastRun, std::int64_t(15));  // rows 2-4 of 5 x 5
        QCOMPARE(r.computedPoints(), std::int64_t(25));
        for (std::size_t k = 0; k < r.loss.size(); ++k) {
            if (k < 10) {
                QCOMPARE(r.loss[k], 1000.0 + double(k));
                continue;
            }
            // The same float32 forwards, grouped into other batches of grid
            // points: equal to float32 rounding of a mean over the test split.
            QVERIFY2(std::abs(r.loss[k] - whole.plane.surface.loss[k]) < 1e-6,
                     qPrintable(QString::number(k)));
            QCOMPARE(r.accuracy[k], whole.plane.surface.accuracy[k]);
        }
        QCOMPARE(resumed.plane.bendX, whole.plane.bendX);
        QVERIFY(bitEqual(resumed.plane.y, whole.plane.y));
    }

    void pairsAreNumberedInRowOrder() {
        QCOMPARE(connectivity::pairCount(4), std::int64_t(6));
        const std::pair<std::size_t, std::size_t> expected[] = {{0, 1}, {0, 2}, {0, 3},
                                                                {1, 2}, {1, 3}, {2, 3}};
        for (std::int64_t k = 0; k < 6; ++k)
            QCOMPARE(connectivity::pairAt(k, 4), expected[k]);
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, connectivity::pairAt(6, 4));
    }
};

QTEST_APPLESS_MAIN(TestConnectivityAnalyses)
#include "TestConnectivityAnalyses.moc"
