// The connectivity analyses (connect, barrier-matrix, curve-plane): their
// tables hold every option the old command and form had, with the enums' own
// words; values survive a JSON round trip into the same typed settings; the
// rules between parameters give one message; and a barrier matrix computed in
// parts (member pairs) and merged equals the one computed whole.
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
