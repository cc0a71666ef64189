// The "trajectory" analysis against the generator's NumPy reference
// (tests/fixtures/trajectory/make_trajectory_reference.py): the groups in
// epoch order, the plane's explained variance, every member's (alpha, beta)
// and projection error, the directions (up to sign), and the surface's loss
// at the centre and one unit along each direction. Its result-cache file:
// a second run with the same values is read back from the cache, equal to
// the first, and other values miss.
#include <QtTest>

#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <cmath>

#include "core/analysis/HessianAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/TrajectoryAnalysis.h"
#include "core/common/Error.h"
#include "core/landscape/LandscapeJson.h"
#include "core/session/ResultCache.h"
#include "core/session/ResultKey.h"
#include "core/trajectory/TrajectoryMembers.h"
#include "tests/trajectory/TrajectoryFixture.h"

using namespace modescape;
using nlohmann::json;

namespace {

// Coordinates are O(1..10) and computed from float32 weights: the Gram
// matrix of the float32-rounded displacements (relative error ~1e-7) moves
// them by far less than 1e-5, the tolerance.
constexpr double kTolerance = 1e-5;

trajectory::TrajectoryResult run(const json& values) {
    analysis::SetWorkspace workspace(test::trajectorySet());
    json given = values;
    given["set"] = workspace.set().folder;
    const auto& analysis = analysis::trajectoryAnalysis();
    const auto complete = analysis.complete(given, &workspace.set());
    return std::any_cast<trajectory::TrajectoryResult>(analysis.run(workspace, complete, {}));
}

// +1 or -1: the sign that makes the first member's coordinate match.
double signOf(double mine, double reference) {
    return mine * reference < 0 ? -1.0 : 1.0;
}

void compareWithReference(const trajectory::TrajectoryResult& r, const json& ref) {
    QCOMPARE(r.centerName, ref["center"].get<std::string>());
    QVERIFY(std::abs(r.explainedVariance - ref["explained_variance"].get<double>()) < kTolerance);
    for (int j = 0; j < 2; ++j)
        QVERIFY(std::abs(r.componentVariance[std::size_t(j)] -
                         ref["component_variance"][j].get<double>()) < kTolerance);
    std::vector<trajectory::TrajectoryPoint> all = r.path;
    all.insert(all.end(), r.scatter.begin(), r.scatter.end());
    const json& members = ref["members"];
    QCOMPARE(all.size(), members.size());
    // Directions up to sign: fixed by the first member with a clear coordinate.
    const double sx = signOf(all.front().alpha, members[0]["alpha"].get<double>());
    const double sy = signOf(all.front().beta, members[0]["beta"].get<double>());
    for (std::size_t i = 0; i < all.size(); ++i) {
        const json& m = members[i];
        QCOMPARE(all[i].name, m["name"].get<std::string>());
        QCOMPARE(all[i].group, m["group"].get<std::string>());
        if (m["epoch"].is_null())
            QVERIFY(std::isnan(all[i].epoch));
        else
            QCOMPARE(all[i].epoch, m["epoch"].get<double>());
        QVERIFY2(std::abs(sx * all[i].alpha - m["alpha"].get<double>()) < kTolerance,
                 qPrintable(QString("%1 alpha %2 vs %3")
                                .arg(QString::fromStdString(all[i].name))
                                .arg(sx * all[i].alpha)
                                .arg(m["alpha"].get<double>())));
        QVERIFY(std::abs(sy * all[i].beta - m["beta"].get<double>()) < kTolerance);
        QVERIFY2(
            std::abs(all[i].projectionError - m["projection_error"].get<double>()) < kTolerance,
            qPrintable(QString("%1 error %2 vs %3")
                           .arg(QString::fromStdString(all[i].name))
                           .arg(all[i].projectionError)
                           .arg(m["projection_error"].get<double>())));
    }
}

}  // namespace

class TestTrajectoryReference : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // Members follow their manifest epoch, not their (shuffled) file names.
    void groupsAreInEpochOrder() {
        const io::CheckpointSet set = test::trajectorySet();
        const auto points = trajectory::orderedGroup(set, "run-a");
        QCOMPARE(points.size(), std::size_t(13));
        for (std::size_t i = 0; i < points.size(); ++i) {
            QCOMPARE(points[i].epoch, double(i));
            QCOMPARE(points[i].index, int(i));
        }
        QVERIFY(points.front().name != "run-a/a.safetensors");  // name order would start there
        // The samples have no epoch: name order, NaN epochs.
        const auto samples = trajectory::orderedGroup(set, "samples");
        QCOMPARE(samples.front().name, std::string("samples/sa.safetensors"));
        QVERIFY(std::isnan(samples.front().epoch));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, trajectory::orderedGroup(set, "nope"));
    }

    void singleRunCentredOnItsLastMember() {
        const json ref = test::trajectoryReference("single");
        const auto r = run({{"groups", "run-a"}, {"grid", "-1:1:3,-1:1:3"}, {"range", "grid"}});
        compareWithReference(r, ref);
        // The centre is the last member: no displacement, error 0.
        QCOMPARE(r.path.back().distance, 0.0);
        QCOMPARE(r.path.back().projectionError, 0.0);
        // The surface on the plane: the loss at the centre and one unit along
        // each direction (grid points (1,1), (2,1), (0,1), (1,2), (1,0)),
        // float32 forwards against the generator's float64: 1e-5 covers it.
        const auto& s = r.surface;
        const double sx = signOf(r.path.front().alpha, ref["members"][0]["alpha"].get<double>());
        const double sy = signOf(r.path.front().beta, ref["members"][0]["beta"].get<double>());
        const json& loss = ref["loss"];
        QVERIFY(std::abs(s.lossAt(1, 1) - loss["center"].get<double>()) < kTolerance);
        QVERIFY(std::abs(s.centerLoss - loss["center"].get<double>()) < kTolerance);
        QVERIFY(std::abs(s.lossAt(sx > 0 ? 2 : 0, 1) - loss["x+"].get<double>()) < kTolerance);
        QVERIFY(std::abs(s.lossAt(sx > 0 ? 0 : 2, 1) - loss["x-"].get<double>()) < kTolerance);
        QVERIFY(std::abs(s.lossAt(1, sy > 0 ? 2 : 0) - loss["y+"].get<double>()) < kTolerance);
        QVERIFY(std::abs(s.lossAt(1, sy > 0 ? 0 : 2) - loss["y-"].get<double>()) < kTolerance);
    }

    // Two runs on one plane centred on a named member, samples as a scatter.
    void twoRunsAndAScatterOnOnePlane() {
        const json ref = test::trajectoryReference("pair");
        const auto r = run({{"groups", "run-a,run-b"},
                            {"center", ref["center"]},
                            {"scatter", "samples"},
                            {"grid", "-1:1:3,-1:1:3"}});
        compareWithReference(r, ref);
        QCOMPARE(r.pathOf("run-b").size(), std::size_t(8));
        QCOMPARE(r.scatter.size(), std::size_t(6));
        // --range members: the grid spans every drawn point.
        const auto& s = r.surface.settings;
        for (const auto& p : r.path) {
            QVERIFY(p.alpha >= s.x.from && p.alpha <= s.x.to);
            QVERIFY(p.beta >= s.y.from && p.beta <= s.y.to);
        }
    }

    // The result cache (docs/result-cache.md): stored under the values' key,
    // found again with the same values and read back equal — every grid
    // value, point and variance within 1e-7 (the file keeps them bit for
    // bit) — while a changed grid is another key that misses. A file of
    // another analysis is refused naming the file.
    void resultIsKeptInTheCacheAndReadBack() {
        QTemporaryDir dir;
        analysis::SetWorkspace workspace(test::trajectorySet());
        const auto& analysis = analysis::trajectoryAnalysis();
        QCOMPARE(analysis.resultFileSuffix(), std::string("safetensors"));
        const json given{{"set", workspace.set().folder},
                         {"groups", "run-a,run-b"},
                         {"scatter", "samples"},
                         {"grid", "-1:1:4,-1:1:3"}};
        const auto values = analysis.complete(given, &workspace.set());
        const std::any computed = analysis.run(workspace, values, {});
        const session::ResultCache cache(dir.filePath("cache").toStdString(), 1 << 30);
        const std::string key = session::resultKey(analysis, values, workspace.set());
        QVERIFY(!cache.find(analysis, key));
        QVERIFY(cache.store(analysis, key, computed));

        const auto found = cache.find(analysis, key);
        QVERIFY(found.has_value());
        const auto& a = std::any_cast<const trajectory::TrajectoryResult&>(computed);
        const auto& b = std::any_cast<const trajectory::TrajectoryResult&>(*found);
        const auto near = [](double x, double y) {
            return (std::isnan(x) && std::isnan(y)) || std::abs(x - y) <= 1e-7;
        };
        QCOMPARE(b.groups, a.groups);
        QCOMPARE(b.centerName, a.centerName);
        QCOMPARE(b.pcaAlgorithm, a.pcaAlgorithm);
        QVERIFY(near(b.explainedVariance, a.explainedVariance));
        QCOMPARE(b.componentVariance.size(), std::size_t(2));
        for (std::size_t j = 0; j < 2; ++j)
            QVERIFY(near(b.componentVariance[j], a.componentVariance[j]));
        QCOMPARE(b.path.size(), a.path.size());
        QCOMPARE(b.scatter.size(), std::size_t(6));
        for (const auto* points : {&a.path, &a.scatter}) {
            const auto& other = points == &a.path ? b.path : b.scatter;
            for (std::size_t i = 0; i < points->size(); ++i) {
                const auto& p = (*points)[i];
                const auto& q = other[i];
                QCOMPARE(q.name, p.name);
                QCOMPARE(q.group, p.group);
                QCOMPARE(q.index, p.index);
                QVERIFY(near(q.epoch, p.epoch));
                QVERIFY(near(q.alpha, p.alpha) && near(q.beta, p.beta));
                QVERIFY(near(q.projectionError, p.projectionError));
                QVERIFY(near(q.distance, p.distance));
            }
        }
        QCOMPARE(b.surface.xs, a.surface.xs);
        QCOMPARE(b.surface.ys, a.surface.ys);
        QCOMPARE(b.surface.loss.size(), std::size_t(12));
        QCOMPARE(b.surface.computedMask(), a.surface.computedMask());
        QVERIFY(b.surface.complete());
        for (std::size_t i = 0; i < a.surface.loss.size(); ++i) {
            QVERIFY(near(b.surface.loss[i], a.surface.loss[i]));
            QVERIFY(near(b.surface.accuracy[i], a.surface.accuracy[i]));
        }
        QVERIFY(near(b.surface.centerLoss, a.surface.centerLoss));
        QCOMPARE(landscape::resultMetadataToJson(b.surface).dump(),
                 landscape::resultMetadataToJson(a.surface).dump());
        QCOMPARE(analysis.resultJson(*found).dump(), analysis.resultJson(computed).dump());

        // Another grid: another key, not in the cache.
        json changed = given;
        changed["grid"] = "-1:1:5,-1:1:3";
        const std::string other = session::resultKey(
            analysis, analysis.complete(changed, &workspace.set()), workspace.set());
        QVERIFY(other != key);
        QVERIFY(!cache.find(analysis, other));
        // Another scatter group: another key too.
        changed = given;
        changed.erase("scatter");
        QVERIFY(session::resultKey(analysis, analysis.complete(changed, &workspace.set()),
                                   workspace.set()) != key);

        // Its file read as a Hessian result: refused, naming the file.
        const std::string path = dir.filePath("trajectory.safetensors").toStdString();
        analysis.writeResultFile(path, computed);
        try {
            analysis::hessianAnalysis().readResultFile(path);
            QFAIL("a trajectory file was read as a Hessian result");
        } catch (const FormatError& e) {
            QVERIFY2(std::string(e.what()).find(path) != std::string::npos, e.what());
        }
    }

    void badValuesAreRefusedNamingTheOption() {
        const io::CheckpointSet set = test::trajectorySet();
        const auto& analysis = analysis::trajectoryAnalysis();
        const auto refused = [&](const json& values, const QString& words) {
            json given = values;
            given["set"] = set.folder;
            try {
                analysis.complete(given, &set);
            } catch (const InvalidArgument& e) {
                QVERIFY2(QString(e.what()).contains(words), e.what());
                return;
            }
            QFAIL("not refused");
        };
        refused({{"groups", "nope"}}, "--group");
        refused({{"groups", "run-a"}, {"center", "nope"}}, "--center");
        refused({{"groups", "run-a"}, {"grid", "-1:1:5"}}, "2-D");
        refused({{"groups", "run-a"}, {"scatter", "nope"}}, "nope");
    }
};

QTEST_GUILESS_MAIN(TestTrajectoryReference)
#include "TestTrajectoryReference.moc"
