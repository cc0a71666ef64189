// `mpirun -np 2 modescape landscape ...` (issue 16): the same surface as one
// process, one JSON document from rank 0, a killed rank that leaves a file to
// resume, and a failing rank that names itself and ends every rank.
#include <QtTest>

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <signal.h>

#include <cmath>

#include "core/landscape/LandscapeFiles.h"
#include "core/landscape/LandscapeJournal.h"
#include "tests/common/EventWait.h"
#include "tests/common/MoonsSet.h"
#include "tests/common/RunModescape.h"
#include "tests/parallel/MpiRun.h"

using namespace modescape;
using modescape::test::Run;

namespace {

// Points that differ between two surfaces of the same grid (bit for bit: each
// point is the same sums in the same order on any rank), with the first one.
QString differences(const landscape::LandscapeResult& a, const landscape::LandscapeResult& b) {
    if (a.loss.size() != b.loss.size())
        return "grids differ";
    int count = 0;
    QString first;
    for (std::size_t i = 0; i < a.loss.size(); ++i)
        if (a.loss[i] != b.loss[i] || a.accuracy[i] != b.accuracy[i] ||
            a.isComputed(i) != b.isComputed(i)) {
            if (count++ == 0)
                first = QString("point %1: %2 vs %3")
                            .arg(i)
                            .arg(a.loss[i], 0, 'g', 17)
                            .arg(b.loss[i], 0, 'g', 17);
        }
    return count == 0 ? QString() : QString("%1 points differ, %2").arg(count).arg(first);
}

}  // namespace

class TestMpiLandscape : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

    QStringList landscapeArgs(const QString& grid, const QString& out) const {
        return {"landscape", set_, "--center", "g/m0.safetensors", "--grid", grid,
                "--out",     out,  "--json"};
    }

  private Q_SLOTS:
    void initTestCase() {
        set_ = dir_.filePath("moons-set");
        test::writeMoonsSet(set_.toStdString());
    }

    void twoRanksWriteTheSingleProcessSurface() {
        const QString serial = dir_.filePath("serial.h5"), shared = dir_.filePath("shared.h5");
        const Run one = test::runModescape(landscapeArgs("-1:1:7,-1:1:5", serial));
        QVERIFY2(one.code == 0, qPrintable(one.err));
        const Run two = test::runUnderMpi(2, landscapeArgs("-1:1:7,-1:1:5", shared));
        QVERIFY2(two.code == 0, qPrintable(two.err));

        const auto a = landscape::readSurface(serial.toStdString());
        const auto b = landscape::readSurface(shared.toStdString());
        QVERIFY2(differences(a, b).isEmpty(), qPrintable(differences(a, b)));
        QCOMPARE(b.centerLoss, a.centerLoss);
        QVERIFY(b.complete());
        QVERIFY(!QFile::exists(
            QString::fromStdString(landscape::journalPathFor(shared.toStdString()))));

        // Rank 0 alone prints: stdout is exactly one JSON document.
        QJsonParseError error;
        const QJsonObject j = QJsonDocument::fromJson(two.out.toUtf8(), &error).object();
        QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(two.out));
        QCOMPARE(j["ranks"].toInt(), 2);
        QCOMPARE(j["points_computed"].toInt(), 35);
        QVERIFY(j["points_per_second"].toDouble() > 0);
        const QJsonArray work = j["rank_work"].toArray();
        QCOMPARE(work.size(), 2);
        // Shares of 35 points: multiples of 1/35, summing to 1 up to rounding.
        QVERIFY(std::abs(work[0].toDouble() + work[1].toDouble() - 1.0) < 1e-12);
        QCOMPARE(j["devices"].toArray().size(), 2);
        QVERIFY(j["devices"].toArray()[1].toString().contains("CPU"));
        // A plain run reports itself as one rank doing all the work.
        QCOMPARE(one.json()["ranks"].toInt(), 1);
        QCOMPARE(one.json()["rank_work"].toArray(), (QJsonArray{1.0}));
    }

    void killedRankLeavesAFileThatResumes() {
        const QString out = dir_.filePath("killed.h5");
        const QString journal =
            QString::fromStdString(landscape::journalPathFor(out.toStdString()));
        const QStringList args = landscapeArgs("-2:2:61,-2:2:61", out);
        QProcess mpirun;
        mpirun.start(MPIEXEC, test::mpirunArguments(2, args));
        QVERIFY(mpirun.waitForStarted());
        // The event: committed points in the journal (beyond its header line).
        test::waitUntil([&] {
            return mpirun.state() == QProcess::NotRunning || QFileInfo(journal).size() > 200;
        });
        QVERIFY2(mpirun.state() == QProcess::Running, "the run ended before a rank was killed");
        qint64 worker = 0;
        test::waitUntil([&] { return (worker = test::rankProcess(mpirun.processId(), 1)) != 0; });
        QCOMPARE(::kill(static_cast<pid_t>(worker), SIGKILL), 0);
        // mpirun ends the other rank and itself (a hang is the CTest timeout).
        test::finishProcess(mpirun);
        QVERIFY(mpirun.exitStatus() != QProcess::NormalExit || mpirun.exitCode() != 0);

        // The file reads, and with its journal holds every committed point.
        auto partial = landscape::readSurface(out.toStdString());
        const auto replayed = landscape::replayJournal(journal.toStdString(), partial);
        QVERIFY(replayed > 0);
        const auto committed = partial.computedPoints();
        QVERIFY(committed < 61 * 61);

        // The same command again computes only the rest.
        const Run again = test::runUnderMpi(2, args);
        QVERIFY2(again.code == 0, qPrintable(again.err));
        QCOMPARE(again.json()["points_computed"].toInt(), 61 * 61 - committed);
        QVERIFY(landscape::readSurface(out.toStdString()).complete());
        QVERIFY(!QFile::exists(journal));
    }

    void failingRankNamesItselfAndEveryRankExits() {
        // An --out holding another grid: rank 0 refuses it while rank 1 has
        // gone on to wait for work; both must end.
        const QString out = dir_.filePath("other.h5");
        QCOMPARE(test::runModescape(landscapeArgs("-1:1:3,-1:1:3", out)).code, 0);
        const Run r = test::runUnderMpi(2, landscapeArgs("-1:1:4,-1:1:4", out));
        QVERIFY(r.code != 0);
        QVERIFY2(r.err.contains("error: rank 0 on ") && r.err.contains("other settings"),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void failingWorkerEndsRankZero() {
        test::checkFailingRankOneEndsTheJob(landscapeArgs("-1:1:3", dir_.filePath("w.h5")),
                                            dir_.filePath("no-such-set"));
    }
};

QTEST_GUILESS_MAIN(TestMpiLandscape)
#include "TestMpiLandscape.moc"
