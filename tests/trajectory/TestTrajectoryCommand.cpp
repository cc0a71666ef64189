// `modescape trajectory` on the generator's set: --json carries the plane's
// explained variance and every member's alpha, beta, projection_error and
// epoch (matching the NumPy reference), --group may be repeated, and bad
// values exit 2 with a message naming the option.
#include <QtTest>

#include <QJsonArray>
#include <QTemporaryDir>

#include <cmath>

#include "tests/common/RunModescape.h"
#include "tests/trajectory/TrajectoryFixture.h"

using modescape::test::Run;
using modescape::test::runModescape;

class TestTrajectoryCommand : public QObject {
    Q_OBJECT
  private:
    QString set_ = QString::fromStdString(modescape::test::trajectorySetFolder());

  private Q_SLOTS:
    void jsonHasEveryMembersCoordinatesAndError() {
        const auto ref = modescape::test::trajectoryReference("pair");
        QTemporaryDir dir;
        const QString out = dir.filePath("plane.csv");
        const Run r = runModescape({"trajectory", set_, "--group", "run-a", "--group", "run-b",
                                    "--center", QString::fromStdString(ref["center"]), "--scatter",
                                    "samples", "--grid", "-1:1:5,-1:1:5", "--out", out, "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject json = r.json();
        // NumPy's SVD against the streamed Gram matrix, both float64 on the
        // float32 weights: 1e-5 (the tolerance) is far above either's rounding.
        QVERIFY(std::abs(json["explained_variance"].toDouble() -
                         ref["explained_variance"].get<double>()) < 1e-5);
        const QJsonArray members = json["members"].toArray();
        const QJsonArray scatter = json["scatter"].toArray();
        QCOMPARE(members.size(), 13 + 8);
        QCOMPARE(scatter.size(), 6);
        const double sx =
            members[0].toObject()["alpha"].toDouble() * ref["members"][0]["alpha"].get<double>() < 0
                ? -1
                : 1;
        for (int i = 0; i < members.size() + scatter.size(); ++i) {
            const QJsonObject m =
                (i < members.size() ? members[i] : scatter[i - members.size()]).toObject();
            const auto& expected = ref["members"][std::size_t(i)];
            QCOMPARE(m["name"].toString().toStdString(), expected["name"].get<std::string>());
            QVERIFY(std::abs(sx * m["alpha"].toDouble() - expected["alpha"].get<double>()) < 1e-5);
            QVERIFY(std::abs(std::abs(m["beta"].toDouble()) -
                             std::abs(expected["beta"].get<double>())) < 1e-5);
            QVERIFY(std::abs(m["projection_error"].toDouble() -
                             expected["projection_error"].get<double>()) < 1e-5);
            if (expected["epoch"].is_null())
                QVERIFY(m["epoch"].isNull());
            else
                QCOMPARE(m["epoch"].toDouble(), expected["epoch"].get<double>());
        }
        QCOMPARE(json["surface"].toObject()["grid"].toArray().size(), 2);
        QCOMPARE(json["provenance"].toObject()["analysis"].toString(), QString("trajectory"));
        // --out: the surface on the plane, 5 x 5 points and a header.
        QFile csv(out);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QCOMPARE(QString(csv.readAll()).trimmed().split('\n').size(), 1 + 25);
    }

    void badValuesExitTwoNamingTheOption() {
        Run r = runModescape({"trajectory", set_, "--group", "nope"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--group") && r.err.contains("run-a"), qPrintable(r.err));
        r = runModescape({"trajectory", set_, "--group", "run-a", "--center", "nope"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--center"), qPrintable(r.err));
        r = runModescape({"trajectory", set_, "--group", "run-a", "--grid", "-1:1:5"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("2-D"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestTrajectoryCommand)
#include "TestTrajectoryCommand.moc"
