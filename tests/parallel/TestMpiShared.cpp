// `mpirun -np 2 modescape connect --matrix | calibrate | eval` (issue 16): the
// work shared over two ranks gives one process's numbers (to 1e-6), one JSON
// document from rank 0 says how it was shared, a killed rank leaves a resume
// file that the same command continues, and a failing rank ends every rank.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <signal.h>

#include <cmath>

#include "tests/common/EventWait.h"
#include "tests/common/MoonsSet.h"
#include "tests/common/RunModescape.h"
#include "tests/parallel/MpiRun.h"

using namespace modescape;
using modescape::test::Run;

namespace {

// What says how a run went rather than what it computed: never compared.
bool aboutTheRun(const QString& key) {
    static const QStringList keys{
        "seconds",       "provenance",          "ranks",         "rank_work", "devices", "messages",
        "message_bytes", "coordinator_seconds", "units_computed"};
    return keys.contains(key) || key.endsWith("_per_second");
}

// The first place two JSON values differ (numbers by more than 1e-6), or "".
QString firstDifference(const QJsonValue& a, const QJsonValue& b, const QString& where = "$") {
    if (a.isDouble() && b.isDouble())
        return std::abs(a.toDouble() - b.toDouble()) <= 1e-6 ? QString()
                                                             : QString("%1: %2 vs %3")
                                                                   .arg(where)
                                                                   .arg(a.toDouble(), 0, 'g', 17)
                                                                   .arg(b.toDouble(), 0, 'g', 17);
    if (a.type() != b.type())
        return where + ": types differ";
    if (a.isArray()) {
        const QJsonArray x = a.toArray(), y = b.toArray();
        if (x.size() != y.size())
            return where + ": lengths differ";
        for (qsizetype i = 0; i < x.size(); ++i)
            if (const QString d = firstDifference(x[i], y[i], QString("%1[%2]").arg(where).arg(i));
                !d.isEmpty())
                return d;
        return {};
    }
    if (a.isObject()) {
        const QJsonObject x = a.toObject(), y = b.toObject();
        QStringList keys = x.keys();
        for (const QString& key : y.keys())
            if (!keys.contains(key))
                keys << key;
        for (const QString& key : keys) {
            if (aboutTheRun(key))
                continue;
            if (!x.contains(key) || !y.contains(key))
                return where + "." + key + ": only in one";
            if (const QString d = firstDifference(x[key], y[key], where + "." + key); !d.isEmpty())
                return d;
        }
        return {};
    }
    return a == b ? QString()
                  : where + ": " + a.toVariant().toString() + " vs " + b.toVariant().toString();
}

QJsonObject readJson(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

// The off-diagonal pairs of a barrier matrix that hold a number.
int pairsWithBarriers(const QJsonArray& rows) {
    int count = 0;
    for (qsizetype i = 0; i < rows.size(); ++i)
        for (qsizetype j = i + 1; j < rows.size(); ++j)
            count += rows[i].toArray()[j].isDouble() ? 1 : 0;
    return count;
}

void checkShared(const QJsonObject& j, int ranks) {
    QCOMPARE(j["ranks"].toInt(), ranks);
    const QJsonArray work = j["rank_work"].toArray();
    QCOMPARE(work.size(), ranks);
    double sum = 0;
    for (const auto share : work)
        sum += share.toDouble();
    QVERIFY(std::abs(sum - 1.0) < 1e-12);
    QCOMPARE(j["devices"].toArray().size(), ranks);
}

}  // namespace

class TestMpiShared : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_, bigSet_;

    // A fresh prediction cache per run, so a shared run computes (and sends)
    // the predictions instead of reading another run's.
    QProcessEnvironment cacheIn(const QString& name) const {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CACHE_HOME", dir_.filePath(name));
        return env;
    }

  private Q_SLOTS:
    void initTestCase() {
        set_ = dir_.filePath("moons-set");
        test::writeMoonsSet(set_.toStdString());
        // Ten members, 45 pairs: long enough to kill a rank in the middle.
        bigSet_ = dir_.filePath("moons-ten");
        const model::MlpModel mlp = test::moonsSetMlp();
        std::vector<sampling::Member> members;
        for (int i = 0; i < 10; ++i)
            members.push_back(
                {"m" + std::to_string(i), "g", mlp.initialParameters(std::uint64_t(i)), {}});
        test::writeMoonsSet(bigSet_.toStdString(), std::move(members));
    }

    void barrierMatrixOfTwoRanksIsOneProcesss() {
        const QString serial = dir_.filePath("serial.json"), shared = dir_.filePath("shared.json");
        const QStringList args{"connect", set_, "--matrix", "--points", "9"};
        const Run one = test::runModescape(args + QStringList{"--out", serial, "--json"});
        QVERIFY2(one.code == 0, qPrintable(one.err));
        const Run two = test::runUnderMpi(2, args + QStringList{"--out", shared, "--json"});
        QVERIFY2(two.code == 0, qPrintable(two.err));

        const QJsonObject a = readJson(serial), b = readJson(shared);
        QCOMPARE(pairsWithBarriers(b["barrier_interpolated"].toArray()), 3);
        const QString d = firstDifference(a, b);
        QVERIFY2(d.isEmpty(), qPrintable(d));
        QVERIFY(!QFile::exists(dir_.filePath(".shared.json.partial")));

        // Rank 0 alone prints: stdout is exactly one JSON document.
        QJsonParseError error;
        const QJsonObject j = QJsonDocument::fromJson(two.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(two.out));
        checkShared(j, 2);
        QCOMPARE(j["units_computed"].toInt(), 3);
        QVERIFY(j["pairs_per_second"].toDouble() > 0);
        QVERIFY(firstDifference(j, a).isEmpty());
        checkShared(one.json(), 1);
    }

    void calibrationOfTwoRanksIsOneProcesss() {
        const QStringList args{"calibrate", set_, "--json"};
        const Run one = test::runModescape(args, cacheIn("cache-one"));
        QVERIFY2(one.code == 0, qPrintable(one.err));
        const Run two = test::runUnderMpi(2, args, cacheIn("cache-two"));
        QVERIFY2(two.code == 0, qPrintable(two.err));
        const QString d = firstDifference(one.json(), two.json());
        QVERIFY2(d.isEmpty(), qPrintable(d));
        QCOMPARE(one.json()["members"].toArray().size(), 3);
        checkShared(two.json(), 2);
        QCOMPARE(two.json()["units_computed"].toInt(), 3);
        // Rank 0's cache holds every member's test predictions, whoever computed them.
        QCOMPARE(QDir(dir_.filePath("cache-two/modescape/predictions"))
                     .entryList({"*.safetensors"}, QDir::Files)
                     .size(),
                 3);
    }

    void evaluationOfTwoRanksIsOneProcesss() {
        const QStringList args{"eval", set_, "--no-cache", "--json"};
        const Run one = test::runModescape(args);
        QVERIFY2(one.code == 0, qPrintable(one.err));
        const Run two = test::runUnderMpi(2, args);
        QVERIFY2(two.code == 0, qPrintable(two.err));
        const QString d = firstDifference(one.json(), two.json());
        QVERIFY2(d.isEmpty(), qPrintable(d));
        // The rows in member order, whichever rank computed them.
        QCOMPARE(two.json()["members"].toArray()[2].toObject()["name"].toString(),
                 QString("g/m2.safetensors"));
        checkShared(two.json(), 2);
    }

    void killedRankLeavesPairsThatResume() {
        const QString out = dir_.filePath("big.json");
        const QString partial = dir_.filePath(".big.json.partial");
        const QStringList args{"connect", bigSet_, "--matrix", "--points",
                               "3000",    "--out", out,        "--json"};
        QProcess mpirun;
        mpirun.start(MPIEXEC, test::mpirunArguments(2, args));
        QVERIFY(mpirun.waitForStarted());
        // The event: pairs committed to the resume file.
        test::waitUntil(
            [&] { return mpirun.state() == QProcess::NotRunning || QFile::exists(partial); });
        QVERIFY2(mpirun.state() == QProcess::Running, "the run ended before a rank was killed");
        qint64 worker = 0;
        test::waitUntil([&] { return (worker = test::rankProcess(mpirun.processId(), 1)) != 0; });
        QCOMPARE(::kill(static_cast<pid_t>(worker), SIGKILL), 0);
        test::finishProcess(mpirun);  // mpirun ends the other rank (a hang: the CTest timeout)
        QVERIFY(mpirun.exitStatus() != QProcess::NormalExit || mpirun.exitCode() != 0);
        QVERIFY(!QFile::exists(out));

        // The resume file reads and holds the committed pairs.
        const QJsonObject kept = readJson(partial)["result"].toObject()["partial"].toObject();
        const int committed = pairsWithBarriers(kept["barrier_interpolated"].toArray());
        QVERIFY(committed > 0);
        QVERIFY(committed < 45);

        // The same command again computes only the rest and keeps those.
        const Run again = test::runUnderMpi(2, args);
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QVERIFY2(again.err.contains(
                     QString("%1 member pairs taken from an interrupted run").arg(committed)),
                 qPrintable(again.err));
        QCOMPARE(again.json()["units_computed"].toInt(), 45 - committed);
        const QJsonObject whole = readJson(out);
        QCOMPARE(pairsWithBarriers(whole["barrier_interpolated"].toArray()), 45);
        const QJsonArray before = kept["barrier_interpolated"].toArray();
        const QJsonArray after = whole["barrier_interpolated"].toArray();
        for (qsizetype i = 0; i < before.size(); ++i)
            for (qsizetype j = 0; j < before.size(); ++j)
                if (before[i].toArray()[j].isDouble())
                    QCOMPARE(after[i].toArray()[j].toDouble(), before[i].toArray()[j].toDouble());
        QVERIFY(!QFile::exists(partial));
    }

    void failingRankOfTheMatrixEndsEveryRank() {
        // Rank 1 is given a set that does not exist (mpirun's A : B form);
        // rank 0, ready to hand out pairs, must not wait for it forever.
        const QStringList first{"connect", set_, "--matrix", "--points", "5", "--json"};
        QStringList second = first;
        second[1] = dir_.filePath("no-such-set");
        QStringList args = test::mpirunArguments(1, first);
        args << ":"
             << "-np"
             << "1" << MODESCAPE_EXE;
        args += second;
        QProcess mpirun;
        mpirun.start(MPIEXEC, args);
        test::finishProcess(mpirun);
        const QString err = QString::fromUtf8(mpirun.readAllStandardError());
        QVERIFY(mpirun.exitStatus() != QProcess::NormalExit || mpirun.exitCode() != 0);
        QVERIFY2(err.contains("error: rank 1 on ") && err.contains("no-such-set"), qPrintable(err));
        QVERIFY(mpirun.readAllStandardOutput().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestMpiShared)
#include "TestMpiShared.moc"
