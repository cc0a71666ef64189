// Issue 13 end to end: an archive in the published layout opens as shipped,
// with no manifest and no JSON written by hand. Its architecture is
// recognised from the tensors and the family name, its data get the
// family's normalisation, and every member scores what PyTorch scored
// (tests/fixtures/published/make_published_fixtures.py wrote both).
#include <QtTest>

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

#include "tests/common/RunModescape.h"

using modescape::test::Run;
using modescape::test::runModescape;

namespace {

const QString kFixtures = MODESCAPE_FIXTURES_DIR "/published";
const QString kFamily = "cifar10-resnet20-frn-silu-0-2";

QJsonObject reference() {
    QFile file(kFixtures + "/reference.json");
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qPrintable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object()[kFamily].toObject();
}

QByteArray sha256(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

}  // namespace

class TestPublishedArchives : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir cache_;
    QProcessEnvironment env_ = QProcessEnvironment::systemEnvironment();
    QString archive_ = kFixtures + "/" + kFamily + ".tgz";
    QString testData_ = "test=cifar10:" + kFixtures + "/cifar10-test,split=test";

    Run eval(const QStringList& extra) {
        return runModescape(
            QStringList{"eval", archive_, "--data", "test", "--json", "--dataset", testData_} +
                extra,
            env_);
    }

    // Every member's accuracy and NLL equal the reference's `variant` to 1e-4.
    void compareMembers(const QJsonObject& out, const QString& variant) {
        const QJsonArray expected = reference()["members"].toArray();
        const QJsonArray members = out["members"].toArray();
        QCOMPARE(members.size(), expected.size());
        for (const auto& e : expected) {
            const QJsonObject want = e.toObject();
            const QString name = want["member"].toString();
            QJsonObject got;
            for (const auto& m : members)
                if (m.toObject()["name"].toString() == name)
                    got = m.toObject();
            QVERIFY2(!got.isEmpty(), qPrintable("no result for " + name));
            const QJsonObject scores = want[variant].toObject();
            QVERIFY2(std::abs(got["accuracy"].toDouble() - scores["accuracy"].toDouble()) < 1e-4,
                     qPrintable(name + " accuracy " + QString::number(got["accuracy"].toDouble())));
            QVERIFY2(std::abs(got["nll"].toDouble() - scores["nll"].toDouble()) < 1e-4,
                     qPrintable(name + " nll " + QString::number(got["nll"].toDouble())));
        }
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(cache_.isValid());
        env_.insert("XDG_CACHE_HOME", cache_.path());
    }

    void infoRecognisesTheFamily() {
        const Run r = runModescape({"info", archive_, "--json"}, env_);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = r.json();
        QCOMPARE(o["modelSource"].toString(), QString("recognised"));
        QVERIFY2(o["model"].toString().contains("resnet20") &&
                     o["model"].toString().contains("\"norm\":\"frn\"") &&
                     o["model"].toString().contains("\"activation\":\"silu\""),
                 qPrintable(o["model"].toString()));
        QCOMPARE(o["defaultNormalization"].toString(),
                 QString("mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201"));
        QCOMPARE(o["checkpoints"].toInt(), 3);
    }

    // As shipped: no manifest, the data named on the command line, the
    // normalisation the family was trained with applied by default.
    void membersScoreWhatPyTorchScored() {
        const QByteArray before = sha256(archive_);
        const Run r = eval({});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        compareMembers(r.json(), "normalised");
        QVERIFY(r.json()["near_chance"].isNull());
        QVERIFY2(r.json()["normalization"].toString().contains("0.4914"),
                 qPrintable(r.json()["normalization"].toString()));
        QCOMPARE(sha256(archive_), before);  // the archive is never written
        QVERIFY(!QFile::exists(archive_ + ".modescape.json"));
    }

    // Without the normalisation the same members score what PyTorch scored on
    // raw inputs, and the output says they are near chance and why.
    void withoutNormalisationTheWarningNamesIt() {
        testData_ += ",norm=none";
        const Run r = eval({});
        testData_.chop(QString(",norm=none").size());
        QVERIFY2(r.code == 0, qPrintable(r.err));
        compareMembers(r.json(), "raw");
        const QString warning = r.json()["near_chance"].toString();
        QVERIFY2(warning.contains("near chance"), qPrintable(r.out));
        QVERIFY2(r.err.contains(warning), qPrintable(r.err));  // also on the terminal
    }

    // The command line's model wins over recognition: ReLU instead of SiLU
    // changes every member's score.
    void commandLineModelOverridesRecognition() {
        const Run r = eval({"--model", "resnet20:norm=frn,activation=relu"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray members = r.json()["members"].toArray();
        const QJsonArray expected = reference()["members"].toArray();
        QCOMPARE(members.size(), 3);
        QVERIFY(std::abs(members[0].toObject()["nll"].toDouble() -
                         expected[0].toObject()["normalised"].toObject()["nll"].toDouble()) > 1e-3);
    }

    // A model that does not fit is refused, and the message points at the
    // option that named it rather than at a manifest the set does not have.
    void aModelThatDoesNotFitNamesTheOption() {
        const Run r = eval({"--model", "resnet18"});
        QVERIFY(r.code != 0);
        QVERIFY2(
            r.err.contains("do not fit the model") && r.err.contains("check the --model option"),
            qPrintable(r.err));
    }
};

QTEST_MAIN(TestPublishedArchives)
#include "TestPublishedArchives.moc"
