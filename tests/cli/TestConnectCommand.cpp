// `modescape connect` on a three-member two-moons set (g/a; g/b, a permutation
// of a; g/c, trained from another seed): the JSON of a path against `eval`,
// CSV output, saving and re-evaluating a curve, the aligned barrier matrix and
// its basins, `barrier-matrix` under its own name, `curve-plane` against the
// core function and a direct evaluation, and arguments that exit 2 / 1 with a
// clear message.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <cmath>

#include "core/connectivity/CurveFile.h"
#include "core/connectivity/CurvePlaneLandscape.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/OpenSet.h"
#include "core/model/Evaluate.h"
#include "tests/connectivity/ConnectivityTestSupport.h"

#include "tests/common/RunModescape.h"

using namespace modescape;

using modescape::test::Run;
using modescape::test::runModescape;

namespace {

const QString kA = "g/a.safetensors", kB = "g/b.safetensors", kC = "g/c.safetensors";

// Row iy, column ix of a JSON grid [[...] per y].
double cell(const QJsonObject& j, const char* key, int ix, int iy) {
    return j[key].toArray()[iy].toArray()[ix].toDouble();
}

}  // namespace

class TestConnectCommand : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        set_ = dir_.filePath("moons-set");
        connectivity::test::writeMoonsSetWithPermutedCopy(set_.toStdString());
    }

    void linearPathAsJsonMatchesEval() {
        const QString csv = dir_.filePath("path.csv");
        const Run r =
            runModescape({"connect", set_, kA, kC, "--points", "11", "--json", "--out", csv});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = r.json();
        QCOMPARE(j["path"].toString(), QString("linear"));
        const QJsonArray t = j["t"].toArray();
        QCOMPARE(t.size(), 11);
        QCOMPARE(t[0].toDouble(), 0.0);
        QCOMPARE(t[10].toDouble(), 1.0);
        for (const char* key : {"train_loss", "train_acc", "test_loss", "test_acc"})
            QCOMPARE(j[key].toArray().size(), 11);
        for (const char* key :
             {"barrier", "barrier_interpolated", "barrier_endpoint_mean", "length", "seconds"})
            QVERIFY2(j[key].isDouble(), key);
        QCOMPARE(j["barrier"].toDouble(),
                 j["barriers"].toObject()["train"].toObject()["interpolated"].toDouble());
        QVERIFY(j["barriers"].toObject()["test"].toObject()["endpoint_mean"].isDouble());

        // t = 0 and t = 1 are the members as `eval` scores them on the test split.
        const Run eval =
            runModescape({"eval", set_, "--members", kA + "," + kC, "--no-cache", "--json"});
        QVERIFY2(eval.code == 0, qPrintable(eval.err));
        const QJsonArray rows = eval.json()["members"].toArray();
        const QJsonArray testLoss = j["test_loss"].toArray();
        QVERIFY(std::abs(testLoss[0].toDouble() - rows[0].toObject()["nll"].toDouble()) < 1e-6);
        QVERIFY(std::abs(testLoss[10].toDouble() - rows[1].toObject()["nll"].toDouble()) < 1e-6);
        QCOMPARE(j["test_acc"].toArray()[10].toDouble(), rows[1].toObject()["accuracy"].toDouble());

        QFile file(csv);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QStringList lines = QString::fromUtf8(file.readAll()).trimmed().split('\n');
        QCOMPARE(lines.size(), 12);
        QCOMPARE(lines[0], QString("t,train_loss,train_acc,test_loss,test_acc"));
    }

    // Issue 19: `--path linear,aligned` computes both for one figure: the JSON is
    // {"paths": [...]}, each entry the one-path JSON of that kind; one path keeps
    // its JSON as it was (no "paths").
    void severalPathsShareOneJson() {
        const Run one = runModescape({"connect", set_, kA, kB, "--points", "7", "--json"});
        QVERIFY2(one.code == 0, qPrintable(one.err));
        QVERIFY(!one.json().contains("paths"));
        for (const char* key : {"path", "t", "train_loss", "test_loss", "barrier", "barriers"})
            QVERIFY2(one.json().contains(key), key);

        const Run both = runModescape(
            {"connect", set_, kA, kB, "--path", "linear,aligned", "--points", "7", "--json"});
        QVERIFY2(both.code == 0, qPrintable(both.err));
        const QJsonArray paths = both.json()["paths"].toArray();
        QCOMPARE(both.json().keys(), QStringList({"paths"}));
        QCOMPARE(paths.size(), 2);
        QCOMPARE(paths[0].toObject()["path"].toString(), QString("linear"));
        QCOMPARE(paths[1].toObject()["path"].toString(), QString("aligned"));
        // The linear entry is the one-path JSON, but for the wall-clock seconds.
        QJsonObject linear = paths[0].toObject(), alone = one.json();
        for (auto* j : {&linear, &alone})
            for (const char* timing : {"seconds", "training_seconds"})
                j->remove(timing);
        QCOMPARE(linear, alone);
        // b is a permutation of a: aligned, the path stays at the members' loss.
        QVERIFY(paths[1].toObject()["barrier"].toDouble() <
                paths[0].toObject()["barrier"].toDouble());

        const Run twice = runModescape({"connect", set_, kA, kB, "--path", "linear,linear"});
        QCOMPARE(twice.code, 2);
        QVERIFY2(twice.err.contains("listed twice"), qPrintable(twice.err));
        const Run unknown = runModescape({"connect", set_, kA, kB, "--path", "linear,straight"});
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.contains("straight"), qPrintable(unknown.err));
        const Run csv = runModescape({"connect", set_, kA, kB, "--path", "linear,aligned", "--out",
                                      dir_.filePath("two.csv")});
        QCOMPARE(csv.code, 2);
        QVERIFY2(csv.err.contains("one path"), qPrintable(csv.err));
    }

    void savedCurveEvaluatesAgain() {
        const QString folder = dir_.filePath("curve");
        const Run trained = runModescape({"connect", set_, kA, kC, "--path", "bezier", "--epochs",
                                          "3", "--points", "7", "--save-curve", folder, "--json"});
        QVERIFY2(trained.code == 0, qPrintable(trained.err));
        QCOMPARE(trained.json()["epoch_loss"].toArray().size(), 3);
        QCOMPARE(trained.json()["bends"].toInt(), 3);
        QVERIFY(QFile::exists(folder + "/curve.json"));
        QVERIFY(QFile::exists(folder + "/curve.safetensors"));
        const Run again =
            runModescape({"connect", set_, "--curve", folder, "--points", "7", "--json"});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QCOMPARE(again.json()["path"].toString(), QString("bezier"));
        QCOMPARE(again.json()["b"].toString(), kC);
        QCOMPARE(again.json()["train_loss"].toArray(), trained.json()["train_loss"].toArray());
    }

    void alignedMatrixJoinsThePermutedCopy() {
        const Run linear = runModescape({"connect", set_, "--matrix", "--members", kA + "," + kB,
                                         "--points", "11", "--threshold", "0.05", "--json"});
        QVERIFY2(linear.code == 0, qPrintable(linear.err));
        const double lineBarrier =
            linear.json()["barrier_interpolated"].toArray()[0].toArray()[1].toDouble();
        QVERIFY2(lineBarrier > 0.05, qPrintable(linear.out));
        QCOMPARE(linear.json()["basin_count"].toInt(), 2);

        const Run aligned = runModescape({"connect", set_, "--matrix", "--aligned", "--points",
                                          "11", "--threshold", "0.05", "--json"});
        QVERIFY2(aligned.code == 0, qPrintable(aligned.err));
        const QJsonObject j = aligned.json();
        QCOMPARE(j["path"].toString(), QString("aligned"));
        QCOMPARE(j["members"].toArray().size(), 3);
        const QJsonArray rows = j["barrier_interpolated"].toArray();
        QVERIFY2(std::abs(rows[0].toArray()[1].toDouble()) < 1e-5, qPrintable(aligned.out));
        QCOMPARE(rows[1].toArray()[0].toDouble(), rows[0].toArray()[1].toDouble());
        const QJsonArray basins = j["basins"].toArray();
        QCOMPARE(basins[0].toInt(), basins[1].toInt());
    }

    void barrierMatrixCommandIsConnectMatrix() {
        const QStringList options{"--members", kA + "," + kC, "--points", "5", "--json"};
        const Run matrix = runModescape(QStringList{"barrier-matrix", set_} + options);
        QVERIFY2(matrix.code == 0, qPrintable(matrix.err));
        const Run connect = runModescape(QStringList{"connect", set_, "--matrix"} + options);
        QVERIFY2(connect.code == 0, qPrintable(connect.err));
        QCOMPARE(matrix.json()["barrier_interpolated"], connect.json()["barrier_interpolated"]);
        QCOMPARE(matrix.json()["members"].toArray().size(), 2);
    }

    void curvePlaneMatchesTheCoreAndADirectEvaluation() {
        const QString folder = dir_.filePath("plane-curve");
        const Run trained = runModescape({"connect", set_, kA, kC, "--path", "bezier", "--epochs",
                                          "3", "--points", "5", "--save-curve", folder});
        QVERIFY2(trained.code == 0, qPrintable(trained.err));
        const Run r =
            runModescape({"curve-plane", set_, "--curve", folder, "--grid-points", "5", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject j = r.json();
        QCOMPARE(j["path"].toString(), QString("bezier"));
        QCOMPARE(j["a"].toString(), kA);
        QCOMPARE(j["split"].toString(), QString("test"));
        QCOMPARE(j["xs"].toArray().size(), 5);
        QCOMPARE(j["loss"].toArray().size(), 5);
        QCOMPARE(j["provenance"].toObject()["analysis"].toString(), QString("curve-plane"));

        // The core function on the same curve, in this process.
        const connectivity::SavedCurve saved = connectivity::loadCurve(folder.toStdString());
        evaluation::LoadedSet loaded(io::openCheckpointSet(set_.toStdString(), {}));
        connectivity::CurvePlaneSettings settings;
        settings.gridPoints = 5;
        const connectivity::CurvePlaneResult core = connectivity::computeCurvePlane(
            loaded, saved.curve, kA.toStdString(), kC.toStdString(), settings, {});
        QCOMPARE(j["bend"].toObject()["x"].toDouble(), core.bendX);
        QCOMPARE(j["bend"].toObject()["y"].toDouble(), core.bendY);
        for (int iy = 0; iy < 5; ++iy)
            for (int ix = 0; ix < 5; ++ix) {
                // float32 losses; another process may sum in another thread order: a
                // few float eps.
                const double expected = core.surface.lossAt(ix, iy);
                QVERIFY2(std::abs(cell(j, "loss", ix, iy) - expected) < 1e-6 * (1 + expected),
                         qPrintable(QString("(%1, %2)").arg(ix).arg(iy)));
                QCOMPARE(cell(j, "accuracy", ix, iy), core.surface.accuracyAt(ix, iy));
            }

        // Independently: the weights at the grid's corner, A + x u + y v built
        // here from the plane's definition, evaluated directly on the test split.
        const connectivity::WeightPlane plane = connectivity::curvePlane(saved.curve);
        const double x = j["xs"].toArray()[0].toDouble(), y = j["ys"].toArray()[0].toDouble();
        const Eigen::VectorXd corner = plane.origin + x * plane.u + y * plane.v;
        const at::Tensor flat =
            at::from_blob(const_cast<double*>(corner.data()), {corner.size()}, at::kDouble)
                .to(at::kFloat);
        const model::ParameterSet weights = saved.curve.points().front().unflatten(flat);
        const data::Dataset& test = loaded.dataset("test");
        const double direct =
            model::lossAndAccuracy(model::predictLogits(loaded.model(), weights, test.inputs, {}),
                                   test.labels)
                .nll;
        // The engine adds x d1 + y d2 in float32, here in double then rounded:
        // weights differ by float rounding, the loss by about 1e-6 of itself.
        QVERIFY2(std::abs(cell(j, "loss", 0, 0) - direct) < 1e-5 * (1 + direct),
                 qPrintable(QString("%1 vs %2").arg(cell(j, "loss", 0, 0)).arg(direct)));
        // A, the plane's origin, is where the curve starts.
        QVERIFY(std::abs(j["x"].toArray()[0].toDouble()) < 1e-9);

        // Trained here with the same settings: the same curve, plus its path.
        const Run fresh = runModescape({"curve-plane", set_, kA, kC, "--epochs", "3", "--points",
                                        "5", "--grid-points", "5", "--json"});
        QVERIFY2(fresh.code == 0, qPrintable(fresh.err));
        QCOMPARE(fresh.json()["curve"].toObject()["epoch_loss"].toArray().size(), 3);
        // (Training is deterministic; the tolerance only absorbs float summation order.)
        for (const char* axis : {"x", "y"})
            QVERIFY(std::abs(fresh.json()["bend"].toObject()[axis].toDouble() -
                             j["bend"].toObject()[axis].toDouble()) < 1e-6);

        const Run one = runModescape({"curve-plane", set_, kA});
        QCOMPARE(one.code, 2);
        QVERIFY2(one.err.contains("two members"), qPrintable(one.err));
        const Run linear = runModescape({"curve-plane", set_, kA, kC, "--path", "linear"});
        QCOMPARE(linear.code, 2);
    }

    void badArgumentsExitTwoAndFailuresOne() {
        const Run unknown = runModescape({"connect", set_, kA, "g/nope.safetensors"});
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.contains("g/nope.safetensors"), qPrintable(unknown.err));
        const Run same = runModescape({"connect", set_, kA, kA});
        QCOMPARE(same.code, 2);
        QVERIFY2(same.err.contains("same member"), qPrintable(same.err));
        const Run bends =
            runModescape({"connect", set_, kA, kC, "--path", "bezier", "--bends", "0"});
        QCOMPARE(bends.code, 2);
        QVERIFY2(bends.err.contains("--bends"), qPrintable(bends.err));
        const Run path = runModescape({"connect", set_, kA, kC, "--path", "straight"});
        QCOMPARE(path.code, 2);
        const Run oneMember = runModescape({"connect", set_, kA});
        QCOMPARE(oneMember.code, 2);
        QVERIFY2(oneMember.err.contains("two members"), qPrintable(oneMember.err));
        const Run missing = runModescape({"connect", dir_.filePath("no-such-set"), kA, kC});
        QCOMPARE(missing.code, 1);
        QVERIFY2(missing.err.contains("no-such-set"), qPrintable(missing.err));
        const Run noCurve = runModescape({"connect", set_, "--curve", dir_.filePath("no-curve")});
        QCOMPARE(noCurve.code, 1);
        QVERIFY2(noCurve.err.contains("curve.json"), qPrintable(noCurve.err));
    }
};

QTEST_APPLESS_MAIN(TestConnectCommand)
#include "TestConnectCommand.moc"
