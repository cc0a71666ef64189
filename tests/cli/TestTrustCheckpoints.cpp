// Issue 22, "a checkpoint never runs code", through the command line: `info`
// on a set holding TorchScript members whose __setstate__ writes a file or
// loops forever writes nothing, finishes and leaves them out by name; the
// model a manifest names is not a member; a TorchScript model runs only when
// the manifest names it, after stderr said so once.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QTemporaryDir>

#include "tests/common/RunModescape.h"

using modescape::test::Run;
using modescape::test::runModescape;

namespace {
const QString kTorch = MODESCAPE_FIXTURES_DIR "/torch/";
const QString kModels = MODESCAPE_FIXTURES_DIR "/models/";
const QString kMarker = "/tmp/modescape-pwned-setstate";

void copy(const QString& from, const QString& to) {
    QVERIFY2(QFile::copy(from, to), qPrintable(from + " -> " + to));
}

void writeText(const QString& path, const QByteArray& text) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

QStringList memberNames(const QJsonObject& info) {
    QStringList names;
    for (const auto& m : info["members"].toArray())
        names << m.toObject()["name"].toString();
    return names;
}
}  // namespace

class TestTrustCheckpoints : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void infoRunsNoMemberCode() {
        QFile::remove(kMarker);
        QTemporaryDir dir;
        copy(kTorch + "scripted.pt", dir.filePath("a.pt"));
        copy(kTorch + "scripted.pt", dir.filePath("b.pt"));
        copy(kTorch + "bad/setstate_save.pt", dir.filePath("c_save.pt"));
        copy(kTorch + "bad/setstate_loop.pt", dir.filePath("d_loop.pt"));
        const Run r = runModescape({"info", dir.path(), "--json"});
        QCOMPARE(r.code, 0);
        QVERIFY2(!QFile::exists(kMarker), "a member's __setstate__ ran");
        const QJsonObject o = r.json();
        QCOMPARE(memberNames(o), (QStringList{"a.pt", "b.pt"}));
        const QJsonArray excluded = o["excluded"].toArray();
        QCOMPARE(excluded.size(), 2);
        QVERIFY2(r.err.contains("c_save.pt") && r.err.contains("__setstate__"), qPrintable(r.err));
        QVERIFY2(r.err.contains("d_loop.pt"), qPrintable(r.err));
        QVERIFY2(!r.err.contains("running the TorchScript model"), qPrintable(r.err));
    }

    void modelRunsOnlyWhenNamedAndIsNoMember() {
        QTemporaryDir dir;
        copy(kModels + "mlp_relu_scripted.pt", dir.filePath("model.pt"));
        copy(kModels + "mlp_relu.safetensors", dir.filePath("seed0.safetensors"));
        copy(kModels + "mlp_relu.safetensors", dir.filePath("seed1.safetensors"));
        // Without a manifest the folder's TorchScript file is read as data only.
        Run r = runModescape({"info", dir.path(), "--json"});
        QCOMPARE(r.code, 0);
        QVERIFY2(!r.err.contains("running the TorchScript model"), qPrintable(r.err));

        writeText(dir.filePath("modescape.json"),
                  R"({"model": {"torchscript": "model.pt"},
                      "datasets": {"test": "moons:n=40,seed=1"}})");
        r = runModescape({"info", dir.path(), "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(memberNames(r.json()), (QStringList{"seed0.safetensors", "seed1.safetensors"}));
        QVERIFY2(!r.err.contains("running the TorchScript model"), qPrintable(r.err));

        r = runModescape({"eval", dir.path(), "--no-cache", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString model = QFileInfo(dir.filePath("model.pt")).canonicalFilePath();
        QCOMPARE(r.err.count("running the TorchScript model"), 1);
        QVERIFY2(r.err.contains(model), qPrintable(r.err));
    }

    void manifestListingTheModelAsMemberIsWarned() {
        QTemporaryDir dir;
        copy(kModels + "mlp_relu_scripted.pt", dir.filePath("model.pt"));
        copy(kModels + "mlp_relu.safetensors", dir.filePath("seed0.safetensors"));
        writeText(dir.filePath("modescape.json"),
                  R"({"model": "model.pt",
                      "members": [{"file": "seed0.safetensors"}, {"file": "model.pt"}]})");
        const Run r = runModescape({"info", dir.path(), "--json"});
        QCOMPARE(r.code, 0);
        QCOMPARE(memberNames(r.json()), (QStringList{"seed0.safetensors"}));
        QVERIFY2(r.err.contains("model is code"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestTrustCheckpoints)
#include "TestTrustCheckpoints.moc"
