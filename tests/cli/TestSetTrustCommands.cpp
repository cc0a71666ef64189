// Issue 22 on the command line: members outside the set folder refused unless
// --allow-outside (item 2), escape sequences in names printed harmlessly
// (item 2), and weight-space maps of a folder without a manifest (item 10).
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "core/io/safetensors/SafetensorsWriter.h"
#include "core/projection/Mmd.h"
#include "tests/common/RunModescape.h"
#include "tests/io/TestCheckpointSetFixtures.h"

using modescape::test::Run;
using modescape::test::runModescape;
using modescape::test::writeMlp;
using modescape::test::writeText;

namespace fs = std::filesystem;

namespace {

const QString kSecret = "SECRET-TOKEN=hunter2";

// One member of the weight-map set: layer.weight = [x, y], layer.bias = [7].
void writePoint(const std::string& path, float x, float y) {
    fs::create_directories(fs::path(path).parent_path());
    modescape::io::writeSafetensors(
        path, {{"layer.weight", at::tensor({x, y})}, {"layer.bias", at::full({1}, 7.0f)}});
}

// Four members whose centred weights are (3, 0), (-1, 2), (-1, -1), (-1, -1):
// uncorrelated axes with variances 12/3 and 6/3, so PCA (and classical MDS)
// gives exactly those coordinates, explained variance 2/3 and 1/3.
QString writeWeightMapSet(const QTemporaryDir& dir) {
    const std::string set = dir.path().toStdString() + "/points";
    writePoint(set + "/a/m1.safetensors", 13, -5);
    writePoint(set + "/a/m2.safetensors", 9, -3);
    writePoint(set + "/b/m3.safetensors", 9, -6);
    writePoint(set + "/b/m4.safetensors", 9, -6);
    return QString::fromStdString(set);
}

void compareCoordinates(const QJsonArray& points, const QList<QList<double>>& expected) {
    QCOMPARE(points.size(), expected.size());
    const char* names[] = {"a/m1.safetensors", "a/m2.safetensors", "b/m3.safetensors",
                           "b/m4.safetensors"};
    for (int i = 0; i < points.size(); ++i) {
        const QJsonObject p = points[i].toObject();
        QCOMPARE(p["name"].toString(), QString(names[i]));
        QVERIFY2(std::abs(p["x"].toDouble() - expected[i][0]) < 1e-4,
                 qPrintable(QString("%1: x %2").arg(i).arg(p["x"].toDouble())));
        QVERIFY2(std::abs(p["y"].toDouble() - expected[i][1]) < 1e-4,
                 qPrintable(QString("%1: y %2").arg(i).arg(p["y"].toDouble())));
    }
}

}  // namespace

class TestSetTrustCommands : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() { qputenv("XDG_CACHE_HOME", (cache_.path() + "/cache").toUtf8()); }

    void everySetCommandOffersAllowOutside() {
        for (const char* command :
             {"info", "eval", "calibrate", "symmetry", "project", "mmd", "landscape", "connect"}) {
            const Run r = runModescape({command, "--help"});
            QCOMPARE(r.code, 0);
            QVERIFY2(r.out.contains("--allow-outside"), command);
        }
    }

    void infoLeavesOutMembersOutsideUnlessAllowed() {
        QTemporaryDir dir;
        const std::string root = fs::canonical(dir.path().toStdString()).string();
        writeText(root + "/outside/secret.pt", kSecret.toStdString() + "\n");
        writeMlp(root + "/outside/good.safetensors", {2, 4, 3});
        writeMlp(root + "/set/a.safetensors", {2, 4, 3});
        writeMlp(root + "/set/b.safetensors", {2, 4, 3});
        fs::create_symlink(root + "/outside/secret.pt", root + "/set/passwd.pt");
        fs::create_symlink(root + "/outside/good.safetensors", root + "/set/link.safetensors");
        const QString set = QString::fromStdString(root + "/set");

        const Run text = runModescape({"info", set});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("Checkpoints: 2 (2 left out)"), qPrintable(text.out));
        QVERIFY(text.out.contains(set + "/passwd.pt: left out of the set: it resolves to " +
                                  QString::fromStdString(root) +
                                  "/outside/secret.pt, outside "
                                  "the set folder"));
        for (const QString& output : {text.out, text.err}) {
            QVERIFY(!output.contains("SECRET"));
            QVERIFY(!output.contains("53 45 43 52"));  // "SECR" as hex
        }

        const Run allowed = runModescape({"info", set, "--json", "--allow-outside"});
        QCOMPARE(allowed.code, 0);
        const QJsonObject o = allowed.json();
        QCOMPARE(o["checkpoints"].toInt(), 3);  // a, b and the link to good.safetensors
        QCOMPARE(o["excluded"].toArray().size(), 1);
        QCOMPARE(o["excluded"].toArray()[0].toObject()["name"].toString(), QString("passwd.pt"));
        for (const QString& output : {allowed.out, allowed.err}) {
            QVERIFY2(!output.contains("SECRET"), qPrintable(output));
            QVERIFY2(!output.contains("53 45 43 52"), qPrintable(output));
        }

        // The same flag on another command: the map has the third member only when allowed.
        QCOMPARE(runModescape({"project", set, "--json"}).json()["points"].toArray().size(), 2);
        QCOMPARE(runModescape({"project", set, "--json", "--allow-outside"})
                     .json()["points"]
                     .toArray()
                     .size(),
                 3);
    }

    void infoPrintsEscapeSequencesFromFilesHarmlessly() {
        QTemporaryDir dir;
        const std::string set = dir.path().toStdString() + "/set";
        const std::string evilName = "evil\x1b[31mred.safetensors";
        const std::string evilTensor = "fc1\x1b]0;owned\x07.weight";
        fs::create_directories(set);
        modescape::io::writeSafetensors(set + "/" + evilName, {{evilTensor, at::ones({2, 2})}},
                                        {{"method", "swag\x1b[2J"}});
        writeText(set + "/broken\x1b[5m.pt", "garbage!");

        const Run text = runModescape({"info", QString::fromStdString(set)});
        QCOMPARE(text.code, 0);
        QVERIFY2(!text.out.contains('\x1b') && !text.out.contains('\x07'), qPrintable(text.out));
        QVERIFY2(!text.err.contains('\x1b'), qPrintable(text.err));
        QVERIFY2(text.out.contains("evil\\x1b[31mred.safetensors"), qPrintable(text.out));
        QVERIFY(text.out.contains("fc1\\x1b]0;owned\\x07.weight"));
        QVERIFY(text.out.contains("method=swag\\x1b[2J"));
        QVERIFY(text.out.contains("broken\\x1b[5m.pt"));  // in the warning
        QVERIFY(text.err.contains("broken\\x1b[5m.pt"));  // the logged warning

        // JSON carries the names exactly, escaped by JSON itself.
        const Run json = runModescape({"info", QString::fromStdString(set), "--json"});
        QCOMPARE(json.code, 0);
        QVERIFY(!json.out.contains('\x1b'));
        const QJsonObject o = json.json();
        QCOMPARE(o["members"].toArray()[0].toObject()["name"].toString(),
                 QString::fromStdString(evilName));
        QCOMPARE(o["tensors"].toArray()[0].toObject()["name"].toString(),
                 QString::fromStdString(evilTensor));
    }

    void weightSpaceMapsOfAFolderWithoutManifestNeedNoModel() {
        QTemporaryDir dir;
        const QString set = writeWeightMapSet(dir);
        const QList<QList<double>> expected{{3, 0}, {-1, 2}, {-1, -1}, {-1, -1}};

        const Run pca =
            runModescape({"project", set, "--method", "pca", "--symmetry", "none", "--json"});
        QVERIFY2(pca.code == 0, qPrintable(pca.err));
        const QJsonObject p = pca.json();
        QCOMPARE(p["dimensions"].toInt(), 3);
        compareCoordinates(p["points"].toArray(), expected);
        const QJsonArray ratio = p["explained_variance_ratio"].toArray();
        QVERIFY(std::abs(ratio[0].toDouble() - 2.0 / 3.0) < 1e-6);
        QVERIFY(std::abs(ratio[1].toDouble() - 1.0 / 3.0) < 1e-6);

        const Run mds = runModescape({"project", set, "--method", "mds", "--json"});
        QVERIFY2(mds.code == 0, qPrintable(mds.err));
        compareCoordinates(mds.json()["points"].toArray(), expected);

        const Run tsne = runModescape({"project", set, "--method", "tsne", "--json"});
        QVERIFY2(tsne.code == 0, qPrintable(tsne.err));
        QCOMPARE(tsne.json()["points"].toArray().size(), 4);

        // MMD^2 of a = {m1, m2} and b = {m3, m4} in raw weight space, by hand:
        // a1 = (13, -5), a2 = (9, -3), b1 = b2 = (9, -6) (the biases are equal).
        // Unbiased with two members a side: k(a1, a2) + k(b1, b2) - (1/4) sum_ij
        // k(a_i, b_j) * 2 = k(a1, a2) + 1 - k(a1, b) - k(a2, b), the table holding
        // the largest over the Gaussian bandwidths (from the pooled L2 distances
        // 0, 3, 3, sqrt 17, sqrt 17, sqrt 20) and the Laplace ones (L1: 0, 3, 3, 5, 5, 6).
        // The narrowest kernels all but vanish between distinct points, so it is
        // 1 to within exp(-9 / h^2) there.
        double byHand = 0;
        for (double h : modescape::projection::mmdBandwidths(
                 {0, 3, 3, std::sqrt(17.0), std::sqrt(17.0), std::sqrt(20.0)}))
            byHand = std::max(byHand, std::exp(-20 / (h * h)) + 1 - std::exp(-17 / (h * h)) -
                                          std::exp(-9 / (h * h)));
        for (double h : modescape::projection::mmdBandwidths({0, 3, 3, 5, 5, 6}))
            byHand = std::max(byHand, std::exp(-6 / h) + 1 - std::exp(-5 / h) - std::exp(-3 / h));
        const Run mmd =
            runModescape({"mmd", set, "--space", "weights", "--symmetry", "none", "--json"});
        QVERIFY2(mmd.code == 0, qPrintable(mmd.err));
        const QJsonObject m = mmd.json();
        QCOMPARE(m["groups"].toArray(), (QJsonArray{"a", "b"}));
        const QJsonArray table = m["max_mmd2"].toArray();
        qInfo("MMD^2 %.9g, by hand %.9g", table[0].toArray()[1].toDouble(), byHand);
        // The weights are small integers, exact in float32: float64 rounding only.
        QVERIFY(std::abs(table[0].toArray()[1].toDouble() - byHand) < 1e-12);
        QCOMPARE(table[0].toArray()[1].toDouble(), table[1].toArray()[0].toDouble());
        QCOMPARE(table[0].toArray()[0].toDouble(), 0.0);
    }

    void aModelIsAskedForOnlyWhereOneIsNeeded() {
        QTemporaryDir dir;
        const QString set = writeWeightMapSet(dir);
        const Run scaled = runModescape({"project", set, "--symmetry", "scale"});
        QCOMPARE(scaled.code, 2);
        QVERIFY2(scaled.err.contains("removing symmetries") &&
                     scaled.err.contains("needs the set's model") &&
                     scaled.err.contains("--symmetry none"),
                 qPrintable(scaled.err));
        const Run functions =
            runModescape({"project", set, "--method", "mds", "--space", "function"});
        QCOMPARE(functions.code, 2);
        QVERIFY2(functions.err.contains("the set names no model"), qPrintable(functions.err));
    }

  private:
    QTemporaryDir cache_;
};

QTEST_APPLESS_MAIN(TestSetTrustCommands)
#include "TestSetTrustCommands.moc"
