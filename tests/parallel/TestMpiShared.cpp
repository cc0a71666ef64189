// `mpirun -np 2 modescape connect --matrix | calibrate | eval | project | mmd`
// (issue 16): the
// work shared over two ranks gives one process's numbers (to 1e-6), one JSON
// document from rank 0 says how it was shared, a killed rank leaves a resume
// file that the same command continues (a randomized PCA's also in a plain
// run), and a failing rank ends every rank.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <signal.h>

#include <cmath>

#include "tests/common/EventWait.h"
#include "tests/common/MoonsSet.h"
#include "tests/common/RunModescape.h"
#include "tests/parallel/JsonDifference.h"
#include "tests/parallel/MpiRun.h"

using namespace modescape;
using modescape::test::checkShared;
using modescape::test::firstDifference;
using modescape::test::readJson;
using modescape::test::Run;

namespace {

// The off-diagonal pairs of a barrier matrix that hold a number.
int pairsWithBarriers(const QJsonArray& rows) {
    int count = 0;
    for (qsizetype i = 0; i < rows.size(); ++i)
        for (qsizetype j = i + 1; j < rows.size(); ++j)
            count += rows[i].toArray()[j].isDouble() ? 1 : 0;
    return count;
}

// The numbers of a CSV file (its header and text fields left out), in order.
QList<double> csvNumbers(const QString& path) {
    QFile file(path);
    QList<double> numbers;
    if (!file.open(QIODevice::ReadOnly))
        return numbers;
    file.readLine();
    while (!file.atEnd())
        for (const QByteArray& field : file.readLine().trimmed().split(',')) {
            bool ok = false;
            const double value = field.toDouble(&ok);
            if (ok)
                numbers << value;
        }
    return numbers;
}

// Where two maps' CSV files differ by more than 1e-6 (or have not `count`
// numbers, or only numbers near 0, which any two empty maps would share);
// empty when they agree.
QString mapsDiffer(const QString& expectedPath, const QString& actualPath, qsizetype count) {
    const QList<double> a = csvNumbers(expectedPath), b = csvNumbers(actualPath);
    if (a.size() != count || b.size() != count)
        return QString("%1 and %2 numbers, not %3").arg(a.size()).arg(b.size()).arg(count);
    double spread = 0;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (!(std::abs(a[i] - b[i]) <= 1e-6))
            return QString("%1: %2 vs %3").arg(i).arg(a[i]).arg(b[i]);
        spread = std::max(spread, std::abs(a[i]));
    }
    return spread > 1e-3 ? QString() : QString("a map of zeros");
}

// Two groups of five members as initialised from seeds 10 .. 19: ten members
// in four blocks, ten block pairs over two ranks.
void writeGroupedSet(const QString& folder) {
    const model::MlpModel mlp = test::moonsSetMlp();
    std::vector<sampling::Member> members;
    for (int i = 0; i < 10; ++i)
        members.push_back({"m" + std::to_string(i),
                           i < 5 ? "a" : "b",
                           mlp.initialParameters(std::uint64_t(10 + i)),
                           {}});
    sampling::SetDescription d;
    d.model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 32, 32, 2}}}}};
    d.datasets = {{"train", "moons:n=200,seed=1"}, {"test", "moons:n=300,seed=2"}};
    sampling::writeCheckpointSet(folder.toStdString(), d, members);
}

}  // namespace

class TestMpiShared : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_, bigSet_, groupedSet_, wideSet_, tallSet_;
    static constexpr int kTallMembers = 160;  // read once per randomized PCA pass

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
        groupedSet_ = dir_.filePath("moons-grouped");
        writeGroupedSet(groupedSet_);
        // 16 members of 256 KB: 136 block pairs under the small --memory budget.
        wideSet_ = dir_.filePath("moons-wide");
        test::writeWideSet(wideSet_.toStdString(), 16);
        tallSet_ = dir_.filePath("moons-tall");
        test::writeWideSet(tallSet_.toStdString(), kTallMembers);
    }

    // One process's run and a 2-rank run of `args`; both must succeed and
    // print the same numbers (to 1e-6); the shared one's --json says how.
    Run sameOnTwoRanks(const QStringList& args, const QString& name) {
        const Run one = test::runModescape(args, cacheIn(name + "-one"));
        const Run two = test::runUnderMpi(2, args, cacheIn(name + "-two"));
        [&] {
            QVERIFY2(one.code == 0, qPrintable(one.err));
            QVERIFY2(two.code == 0, qPrintable(two.err));
            // Rank 0 alone prints: stdout is exactly one JSON document.
            QJsonParseError error;
            QJsonDocument::fromJson(two.out.toUtf8(), &error);
            QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(two.out));
            const QString d = firstDifference(one.json(), two.json());
            QVERIFY2(d.isEmpty(), qPrintable(d));
            checkShared(one.json(), 1);
            checkShared(two.json(), 2);
            QVERIFY(two.json()["members_per_second"].toDouble() > 0);
            QVERIFY2(!two.err.contains("does not share its work"), qPrintable(two.err));
        }();
        return two;
    }

    void mapsOfTwoRanksAreOneProcesss() {
        for (const QString method : {"pca", "mds"}) {
            const QString serial = dir_.filePath(method + "-one.csv");
            const QString shared = dir_.filePath(method + "-two.csv");
            const QStringList args{"project", groupedSet_, "--method", method, "--json"};
            QVERIFY(test::runModescape(args + QStringList{"--out", serial}).code == 0);
            const Run two = sameOnTwoRanks(args + QStringList{"--out", shared}, "map-" + method);
            // The weight-space Gram in ten block pairs, every one computed once.
            QCOMPARE(two.json()["units_computed"].toInt(), 10);
            QVERIFY2(two.json()["algorithm"].toString().contains("10 block pairs"),
                     qPrintable(two.out));
            const QString differ = mapsDiffer(serial, shared, 20);  // ten members, x and y
            QVERIFY2(differ.isEmpty(), qPrintable(differ));
        }
    }

    // The randomized PCA's passes shared over two ranks (member blocks; the
    // partial X^T Y added up at rank 0, the next sketch broadcast) give one
    // process's map: the same products, summed in another order.
    void randomizedPcaOfTwoRanksIsOneProcesss() {
        const QString serial = dir_.filePath("randomized-one.csv");
        const QString shared = dir_.filePath("randomized-two.csv");
        const QStringList args{"project", groupedSet_,  "--method", "pca",
                               "--pca",   "randomized", "--json"};
        const Run one = test::runModescape(args + QStringList{"--out", serial});
        QVERIFY2(one.code == 0, qPrintable(one.err));
        const Run two = sameOnTwoRanks(args + QStringList{"--out", shared}, "map-randomized");
        // Ten members in five blocks of two (four per rank asked for), three passes.
        QCOMPARE(two.json()["units_computed"].toInt(), 15);
        QVERIFY2(
            two.json()["algorithm"].toString().contains("15 member blocks shared over processes"),
            qPrintable(two.out));
        QVERIFY2(one.json()["algorithm"].toString().startsWith("randomized"), qPrintable(one.out));
        const QString differ = mapsDiffer(serial, shared, 20);
        QVERIFY2(differ.isEmpty(), qPrintable(differ));
    }

    void functionSpaceMapOfTwoRanksIsOneProcesss() {
        const Run two = sameOnTwoRanks({"project", groupedSet_, "--space", "function", "--method",
                                        "mds", "--samples", "100", "--json"},
                                       "map-function");
        // The shared part: the ten members' forward passes.
        QCOMPARE(two.json()["units_computed"].toInt(), 10);
        QCOMPARE(QDir(dir_.filePath("map-function-two/modescape/predictions"))
                     .entryList({"*.safetensors"}, QDir::Files)
                     .size(),
                 10);
    }

    void mmdOfTwoRanksIsOneProcesss() {
        const Run two = sameOnTwoRanks({"mmd", groupedSet_, "--json"}, "mmd");
        QCOMPARE(two.json()["units_computed"].toInt(), 10);
        QVERIFY(two.json()["max_mmd2"].toArray()[0].toArray()[1].toDouble() != 0.0);
        const Run functions = sameOnTwoRanks(
            {"mmd", groupedSet_, "--space", "function", "--samples", "100", "--json"},
            "mmd-function");
        QCOMPARE(functions.json()["units_computed"].toInt(), 10);
    }

    void failingRankOfTheMapEndsEveryRank() {
        test::checkFailingRankOneEndsTheJob({"project", groupedSet_, "--json"},
                                            dir_.filePath("no-such-set"));
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

    // A rank of `project` killed once the journal beside --out holds a block
    // pair: the journal reads, and the same command takes its units, computes
    // the others and writes one process's map.
    void killedRankOfTheMapLeavesBlocksThatResume() {
        const QString out = dir_.filePath("wide-map.csv");
        const QString journal = dir_.filePath(".wide-map.csv.journal");
        const QStringList args{"project", wideSet_,   "--method",           "pca",
                               "--json",  "--memory", test::kWideMapBudget, "--out"};
        QProcess mpirun;
        mpirun.start(MPIEXEC, test::mpirunArguments(2, args + QStringList{out}));
        QVERIFY(mpirun.waitForStarted());
        // The event: a whole block pair committed (the header line is 58
        // bytes, a record of one member's block pair at most 48).
        test::waitUntil([&] {
            return mpirun.state() == QProcess::NotRunning || QFileInfo(journal).size() >= 58 + 48;
        });
        QVERIFY2(mpirun.state() == QProcess::Running, "the run ended before a rank was killed");
        qint64 worker = 0;
        test::waitUntil([&] { return (worker = test::rankProcess(mpirun.processId(), 1)) != 0; });
        QCOMPARE(::kill(static_cast<pid_t>(worker), SIGKILL), 0);
        test::finishProcess(mpirun);  // mpirun ends the other rank (a hang: the CTest timeout)
        QVERIFY(mpirun.exitStatus() != QProcess::NormalExit || mpirun.exitCode() != 0);
        QVERIFY(!QFile::exists(out));
        QVERIFY(QFile::exists(journal));

        const Run again = test::runUnderMpi(2, args + QStringList{out});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const auto taken = QRegularExpression(" (\\d+) block pairs taken from an interrupted run\n")
                               .match(again.err);
        QVERIFY2(taken.hasMatch(), qPrintable(again.err));
        const int committed = taken.captured(1).toInt();
        QVERIFY2(committed >= 1 && committed < 136, qPrintable(again.err));
        QCOMPARE(again.json()["units_computed"].toInt(), 136 - committed);
        QVERIFY(!QFile::exists(journal));
        const QString serial = dir_.filePath("wide-map-one.csv");
        QVERIFY(test::runModescape(args + QStringList{serial}).code == 0);
        const QString differ = mapsDiffer(serial, out, 16 * 2);
        QVERIFY2(differ.isEmpty(), qPrintable(differ));
    }

    // The randomized PCA commits each finished pass (the next sketch and the
    // column sums) as the journal's one record. Rank 1 killed once the
    // journal is there (after the first pass, two passes over 160 members
    // before the end): the same command takes the committed passes and
    // computes only the others. The state does not depend on the number of
    // ranks, so a job killed under two ranks resumes in a plain run too.
    void killedRankOfTheRandomizedPcaResumesAfterItsPasses() {
        const QStringList args{"project", tallSet_,     "--method", "pca",
                               "--pca",   "randomized", "--json",   "--out"};
        const QString serial = dir_.filePath("tall-one.csv");
        const Run one = test::runModescape(args + QStringList{serial});
        QVERIFY2(one.code == 0, qPrintable(one.err));
        // Killed under two ranks, then the same command: eight blocks a pass.
        // Killed under two ranks, then a plain run: four blocks a pass.
        for (const int ranks : {2, 1}) {
            const QString out = dir_.filePath(QString("tall-%1.csv").arg(ranks));
            const QString journal = dir_.filePath(QString(".tall-%1.csv.journal").arg(ranks));
            QProcess mpirun;
            mpirun.start(MPIEXEC, test::mpirunArguments(2, args + QStringList{out}));
            QVERIFY(mpirun.waitForStarted());
            // The event: the journal, renamed into place with the first pass.
            test::waitUntil([&] {
                return mpirun.state() == QProcess::NotRunning || QFileInfo::exists(journal);
            });
            QVERIFY2(mpirun.state() == QProcess::Running, "the run ended before a rank was killed");
            qint64 worker = 0;
            test::waitUntil(
                [&] { return (worker = test::rankProcess(mpirun.processId(), 1)) != 0; });
            QCOMPARE(::kill(static_cast<pid_t>(worker), SIGKILL), 0);
            test::finishProcess(mpirun);
            QVERIFY(mpirun.exitStatus() != QProcess::NormalExit || mpirun.exitCode() != 0);
            QVERIFY(!QFile::exists(out));
            QVERIFY(QFile::exists(journal));

            const Run again = ranks == 2 ? test::runUnderMpi(2, args + QStringList{out})
                                         : test::runModescape(args + QStringList{out});
            QVERIFY2(again.code == 0, qPrintable(again.err));
            const auto taken =
                QRegularExpression(" (\\d+) randomized PCA passes taken from an interrupted run\n")
                    .match(again.err);
            QVERIFY2(taken.hasMatch(), qPrintable(again.err));
            const int passes = taken.captured(1).toInt();
            QVERIFY2(passes == 1 || passes == 2, qPrintable(again.err));
            QCOMPARE(again.json()["units_computed"].toInt(), (ranks == 2 ? 8 : 4) * (3 - passes));
            QVERIFY(!QFile::exists(journal));
            const QString differ = mapsDiffer(serial, out, kTallMembers * 2);
            QVERIFY2(differ.isEmpty(), qPrintable(differ));
        }
    }

    void failingRankOfTheMatrixEndsEveryRank() {
        test::checkFailingRankOneEndsTheJob(
            {"connect", set_, "--matrix", "--points", "5", "--json"}, dir_.filePath("no-such-set"));
    }
};

QTEST_GUILESS_MAIN(TestMpiShared)
#include "TestMpiShared.moc"
