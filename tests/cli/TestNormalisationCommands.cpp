// Issue 13, part 4 on the command line: `eval` and `calibrate` state the
// normalisation of the data they used, score the published-layout MLP set
// (tests/fixtures/published) as PyTorch did, and warn when members score near
// chance, naming the normalisation.
#include <QtTest>

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>
#include <filesystem>

#include "tests/common/RunModescape.h"

using modescape::test::Run;
using modescape::test::runModescape;

namespace fs = std::filesystem;

namespace {

const QString kPublished = QString(MODESCAPE_FIXTURES_DIR) + "/published";
const QString kConstants = "mean=400:-150:30:1200:5:-600,std=8:3:0.4:25:0.1:12";

QJsonArray referenceMembers() {
    QFile file(kPublished + "/reference.json");
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read reference.json");
    return QJsonDocument::fromJson(file.readAll())
        .object()["tabular-mlp-0-2"]
        .toObject()["members"]
        .toArray();
}

}  // namespace

class TestNormalisationCommands : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QProcessEnvironment env_ = QProcessEnvironment::systemEnvironment();

    // The MLP members copied into a set folder whose manifest gives the test
    // data `testSpec` (relative paths would resolve inside the copy).
    QString makeSet(const QString& name, const QString& testSpec) {
        const fs::path set = fs::path(dir_.path().toStdString()) / name.toStdString();
        fs::create_directories(set);
        for (const auto& entry :
             fs::directory_iterator((kPublished + "/tabular-mlp-0-2").toStdString()))
            fs::copy_file(entry.path(), set / entry.path().filename());
        const QJsonObject manifest{
            {"model", QJsonObject{{"builtin", "mlp"},
                                  {"args", QJsonObject{{"widths", QJsonArray{6, 32, 5}}}}}},
            {"datasets", QJsonObject{{"test", testSpec}}}};
        QFile file(QString::fromStdString((set / "modescape.json").string()));
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write the manifest");
        file.write(QJsonDocument(manifest).toJson());
        return QString::fromStdString(set.string());
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        env_.insert("XDG_CACHE_HOME", dir_.filePath("cache"));
    }

    void evalStatesTheNormalisationAndMatchesPyTorch() {
        const QString set =
            makeSet("normalised", "npz:" + kPublished + "/tabular-test.npz," + kConstants);
        const Run run = runModescape({"eval", set, "--json"}, env_);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QJsonObject out = run.json();
        QCOMPARE(
            out["normalization"].toString(),
            QString("normalised mean=400:-150:30:1200:5:-600,std=8:3:0.4:25:0.1:12 (given by the "
                    "spec)"));
        QVERIFY(out["near_chance"].isNull());
        QVERIFY2(!run.err.contains("near chance"), qPrintable(run.err));
        const QJsonArray reference = referenceMembers();
        const QJsonArray members = out["members"].toArray();
        QCOMPARE(members.size(), reference.size());
        for (int i = 0; i < members.size(); ++i) {
            const QJsonObject got = members[i].toObject();
            const QJsonObject want = reference[i].toObject()["normalised"].toObject();
            QVERIFY(reference[i].toObject()["member"].toString().endsWith(got["name"].toString()));
            QVERIFY2(std::abs(got["accuracy"].toDouble() - want["accuracy"].toDouble()) < 1e-4,
                     qPrintable(got["name"].toString()));
            QVERIFY2(std::abs(got["nll"].toDouble() - want["nll"].toDouble()) < 1e-4,
                     qPrintable(got["name"].toString()));
        }
        const Run text = runModescape({"eval", set}, env_);
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains("test data: normalised mean=400:-150:30:1200:5:-600"),
                 qPrintable(text.out));
    }

    void nearChanceIsWarnedWithTheNormalisationNamed() {
        const QString set = makeSet("raw", "npz:" + kPublished + "/tabular-test.npz");
        const Run run = runModescape({"eval", set, "--json"}, env_);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const QJsonObject out = run.json();
        QCOMPARE(out["normalization"].toString(), QString("not normalised (inputs as loaded)"));
        const QString warning = out["near_chance"].toString();
        QVERIFY2(warning.contains("members score near chance (accuracy "), qPrintable(warning));
        QVERIFY(warning.contains("5 classes) on test data"));
        QVERIFY(warning.contains("not normalised (inputs as loaded)"));
        QVERIFY(warning.contains("docs/datasets.md"));
        QVERIFY2(run.err.contains("members score near chance"), qPrintable(run.err));

        const Run calibrate = runModescape({"calibrate", set, "--json"}, env_);
        QVERIFY2(calibrate.code == 0, qPrintable(calibrate.err));
        QCOMPARE(calibrate.json()["normalization"].toString(),
                 QString("not normalised (inputs as loaded)"));
        QVERIFY(calibrate.json()["near_chance"].toString().contains("members score near chance"));
        QVERIFY2(calibrate.err.contains("members score near chance"), qPrintable(calibrate.err));
        const Run text = runModescape({"calibrate", set}, env_);
        QVERIFY2(text.out.contains("test data: not normalised (inputs as loaded)"),
                 qPrintable(text.out));
    }

    void calibrateStatesTheNormalisation() {
        const QString set =
            makeSet("calibrated", "npz:" + kPublished + "/tabular-test.npz," + kConstants);
        const Run run = runModescape({"calibrate", set, "--json"}, env_);
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY(run.json()["normalization"].toString().startsWith("normalised mean=400:-150"));
        QVERIFY(run.json()["near_chance"].isNull());
        QVERIFY2(!run.err.contains("near chance"), qPrintable(run.err));
    }
};

QTEST_GUILESS_MAIN(TestNormalisationCommands)
#include "TestNormalisationCommands.moc"
