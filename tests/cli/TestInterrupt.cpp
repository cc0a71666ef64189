// Ctrl-C on the real `modescape` process: the first SIGINT cancels the job,
// which keeps its partial results (a landscape's computed points), removes its
// unfinished outputs and exits 1 with "cancelled"; a second SIGINT exits 130 at
// once, even while the job is stuck where it never looks for cancellation.
// SIGKILL of `project --out` / `mmd --out` once a block pair is committed to
// the journal beside --out: the same command computes only the rest and
// writes what an uninterrupted run writes; SIGKILL of a randomized PCA
// (`project --pca randomized --out`) once a pass is committed: the same
// command starts after the committed passes and writes the same CSV.
// Every wait is for an event (a line on stderr, the process's end), never a
// sleep: each job is far longer than the test's reaction, and cancelling is
// what ends it early.
#include <QtTest>

#include <QDir>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "core/data/Synthetic.h"
#include "core/landscape/LandscapeFiles.h"
#include "core/model/Mlp.h"
#include "core/sampling/SetWriter.h"
#include "tests/common/EventWait.h"
#include "tests/common/MoonsSet.h"
#include "tests/common/RunModescape.h"

using namespace modescape;
using modescape::test::finishProcess;
using modescape::test::waitUntil;

namespace {

// Every name in folder, hidden ones included, sorted.
QStringList namesIn(const QString& folder) {
    return QDir(folder).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

QString contentOf(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// A running modescape whose stderr is collected as it comes.
class Started {
  public:
    explicit Started(const QStringList& args) {
        process_.start(MODESCAPE_EXE, args);
        process_.waitForStarted(-1);
    }
    ~Started() {
        if (process_.state() != QProcess::NotRunning) {
            process_.kill();
            process_.waitForFinished(-1);
        }
    }
    // Turns the event loop until stderr matches (true) or the process ended (false).
    bool waitForStderr(const QRegularExpression& pattern) {
        waitUntil([&] {
            err_ += QString::fromUtf8(process_.readAllStandardError());
            return pattern.match(err_).hasMatch() || process_.state() == QProcess::NotRunning;
        });
        err_ += QString::fromUtf8(process_.readAllStandardError());
        return pattern.match(err_).hasMatch();
    }
    bool running() const { return process_.state() != QProcess::NotRunning; }
    // SIGKILL, and the wait for the end it causes.
    bool killNow() {
        const bool sent = ::kill(static_cast<pid_t>(process_.processId()), SIGKILL) == 0;
        process_.waitForFinished(-1);
        return sent;
    }
    bool interrupt() { return ::kill(static_cast<pid_t>(process_.processId()), SIGINT) == 0; }
    // The exit code, or -1 when it crashed.
    int finish() {
        const bool exited = finishProcess(process_);
        err_ += QString::fromUtf8(process_.readAllStandardError());
        out_ += QString::fromUtf8(process_.readAllStandardOutput());
        return exited ? process_.exitCode() : -1;
    }
    const QString& err() const { return err_; }
    const QString& out() const { return out_; }

  private:
    QProcess process_;
    QString err_, out_;
};

// The journal's header line ("modescape-unit-journal 1 ", a 32-digit key,
// "\n") and its largest record of one block pair of one member each
// (count, unit, bytes, a product and a member-0 product, checksum): a
// journal this long holds at least one whole committed unit.
constexpr qint64 kJournalWithOneUnit = 58 + 48;

// The JSON of a file without what says how the run went.
QJsonObject resultOf(const QString& path) {
    QJsonObject j = QJsonDocument::fromJson(contentOf(path).toUtf8()).object();
    for (const char* key : {"seconds", "provenance"})
        j.remove(key);
    return j;
}

const QRegularExpression kNotice(
    "interrupted: cancelling \\(press Ctrl-C again to quit at once\\)");

}  // namespace

class TestInterrupt : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_, wide_, tall_;
    static constexpr int kWideMembers = 16;  // 136 block pairs of one member each
    // Members of 256 KB read once per randomized PCA pass: far longer than
    // the test's reaction to the first pass's journal.
    static constexpr int kTallMembers = 160;

    QString path(const QString& name) const { return dir_.filePath(name); }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        set_ = path("set");
        test::writeMoonsSet(set_.toStdString());
        qputenv("XDG_CACHE_HOME", path("cache").toUtf8());
        wide_ = path("wide");
        test::writeWideSet(wide_.toStdString(), kWideMembers);
        tall_ = path("tall");
        test::writeWideSet(tall_.toStdString(), kTallMembers);
    }

    // Runs `command` --out FOLDER/whole.EXT uninterrupted, then --out
    // FOLDER/killed.EXT killed (SIGKILL) once its journal holds a unit, then
    // the same again: it must take the committed units, compute only the
    // others and write the uninterrupted run's file; the journal is gone.
    void killAndResume(const QStringList& command, const char* budget, const QString& folder,
                       const QString& ext) {
        QDir().mkpath(path(folder));
        const QString whole = path(folder + "/whole." + ext);
        const QString killed = path(folder + "/killed." + ext);
        const QString journal = path(folder + "/.killed." + ext + ".journal");
        const QStringList args = command + QStringList{"--memory", budget, "--json"};
        const int units = kWideMembers * (kWideMembers + 1) / 2;
        const test::Run one = test::runModescape(args + QStringList{"--out", whole});
        QVERIFY2(one.code == 0, qPrintable(one.err));
        QCOMPARE(one.json()["units_computed"].toInt(), units);

        {
            Started run(args + QStringList{"--out", killed});
            // The event: a whole unit committed to the journal.
            waitUntil(
                [&] { return !run.running() || QFileInfo(journal).size() >= kJournalWithOneUnit; });
            QVERIFY2(run.running(), "the run ended before it was killed");
            QVERIFY(run.killNow());
        }
        QVERIFY(!QFile::exists(killed));
        QVERIFY(QFile::exists(journal));

        const test::Run again = test::runModescape(args + QStringList{"--out", killed});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const auto taken = QRegularExpression(" (\\d+) block pairs taken from an interrupted run\n")
                               .match(again.err);
        QVERIFY2(taken.hasMatch(), qPrintable(again.err));
        const int committed = taken.captured(1).toInt();
        QVERIFY2(committed >= 1 && committed < units, qPrintable(again.err));
        QCOMPARE(again.json()["units_computed"].toInt(), units - committed);
        QVERIFY(!QFile::exists(journal));
        QCOMPARE(namesIn(path(folder)), QStringList({"killed." + ext, "whole." + ext}));
    }

    // 641,601 points: minutes of work, so the interrupt comes long before the
    // end; the .h5 then holds exactly the points the message counts.
    void firstInterruptKeepsTheComputedPoints() {
        QDir().mkpath(path("landscape"));
        const QString out = path("landscape/surface.h5");
        Started run({"--progress", "lines", "landscape", set_, "--grid", "-1:1:801,-1:1:801",
                     "--out", out, "--json"});
        // The first line that counts computed points (the step changed, so it
        // is printed even at 0 %).
        QVERIFY2(
            run.waitForStderr(QRegularExpression("\\] landscape: [1-9][0-9]* of 641601 points\n")),
            qPrintable(run.err()));
        QVERIFY(run.interrupt());
        QCOMPARE(run.finish(), 1);
        QVERIFY2(kNotice.match(run.err()).hasMatch(), qPrintable(run.err()));
        const auto written =
            QRegularExpression("cancelled: (\\d+) of 641601 points written to " +
                               QRegularExpression::escape(out) + " \\(run again to resume\\)\n")
                .match(run.err());
        QVERIFY2(written.hasMatch(), qPrintable(run.err()));
        QVERIFY2(run.err().endsWith("cancelled\n"), qPrintable(run.err()));
        QVERIFY2(run.out().isEmpty(), qPrintable(run.out()));  // no summary of a finished run

        const auto surface = landscape::readSurface(out.toStdString());
        const qint64 kept = written.captured(1).toLongLong();
        QCOMPARE(qint64(surface.computedPoints()), kept);
        QVERIFY2(kept > 0 && kept < 641601, qPrintable(QString::number(kept)));
        QCOMPARE(namesIn(path("landscape")), QStringList({"surface.h5"}));  // no temporary file
    }

    // make-set cancelled while training: no staging folder is left beside the
    // destination, and the earlier set there is untouched.
    void interruptedMakeSetLeavesTheEarlierSet() {
        QDir().mkpath(path("make-set"));
        const QString out = path("make-set/set");
        test::writeMoonsSet(out.toStdString());
        const QString manifest = contentOf(out + "/modescape.json");
        Started run({"--progress", "lines", "make-set", "two-moons", "--out", out});
        QVERIFY2(run.waitForStderr(QRegularExpression("\\] training the deep ensemble\n")),
                 qPrintable(run.err()));
        QVERIFY(run.interrupt());
        QCOMPARE(run.finish(), 1);
        QVERIFY2(run.err().endsWith("cancelled\n"), qPrintable(run.err()));
        QCOMPARE(namesIn(path("make-set")), QStringList({"set"}));
        QCOMPARE(contentOf(out + "/modescape.json"), manifest);
    }

    // Stuck reading a FIFO no one writes to (a hung network mount, say): the
    // first Ctrl-C cannot end the job, the second ends the process with 130.
    void secondInterruptExitsAtOnce() {
        const QString fifo = path("stuck.safetensors");
        QCOMPARE(::mkfifo(fifo.toLocal8Bit().constData(), 0600), 0);
        Started run({"info", fifo});
        // Our end opens once modescape has opened the other for reading (after
        // its Ctrl-C handler is in place); it then waits in read() for data.
        int writer = -1;
        int openError = 0;
        waitUntil([&] {
            writer = ::open(fifo.toLocal8Bit().constData(), O_WRONLY | O_NONBLOCK | O_CLOEXEC);
            openError = errno;
            return writer >= 0 || openError != ENXIO || !run.running();
        });
        QVERIFY2(writer >= 0, writer < 0 && !run.running()
                                  ? qPrintable("modescape ended without reading the FIFO: " +
                                               QString::number(run.finish()) + " " + run.err())
                                  : strerror(openError));
        QVERIFY(run.interrupt());
        QVERIFY2(run.waitForStderr(kNotice), qPrintable(run.err()));
        QVERIFY(run.interrupt());
        const int code = run.finish();
        ::close(writer);
        QCOMPARE(code, 130);
        QVERIFY2(!run.err().contains("cancelled\n"), qPrintable(run.err()));
    }

    // The weight-space PCA map: the same Gram blocks, the same coordinates
    // to the last digit of the CSV.
    void killedMapResumesFromItsJournal() {
        killAndResume({"project", wide_, "--method", "pca"}, test::kWideMapBudget, "map", "csv");
        QCOMPARE(contentOf(path("map/killed.csv")), contentOf(path("map/whole.csv")));
        QVERIFY(contentOf(path("map/whole.csv")).count('\n') == kWideMembers + 1);
    }

    // MMD's kernel sums of the same block pairs, added in the same order.
    void killedMmdResumesFromItsJournal() {
        killAndResume({"mmd", wide_}, test::kWideMmdBudget, "mmd", "json");
        const QJsonObject whole = resultOf(path("mmd/whole.json"));
        QVERIFY(!whole.isEmpty());
        QCOMPARE(resultOf(path("mmd/killed.json")), whole);
    }

    // The randomized PCA commits each finished pass (its next sketch and the
    // column sums) as the journal's one record. The journal appears once the
    // first pass is done, two passes of reading every member before the end:
    // killed then, the same command takes the committed passes, computes only
    // the others (four member blocks a pass) and writes the uninterrupted
    // run's CSV byte for byte.
    void killedRandomizedPcaResumesAfterItsCommittedPasses() {
        QDir().mkpath(path("pca"));
        const QString whole = path("pca/whole.csv");
        const QString killed = path("pca/killed.csv");
        const QString journal = path("pca/.killed.csv.journal");
        const QStringList args{"project", tall_,        "--method", "pca",
                               "--pca",   "randomized", "--json"};
        const test::Run one = test::runModescape(args + QStringList{"--out", whole});
        QVERIFY2(one.code == 0, qPrintable(one.err));
        QCOMPARE(one.json()["units_computed"].toInt(), 12);  // 4 blocks x 3 passes
        QVERIFY2(
            one.json()["algorithm"].toString().contains("12 member blocks, committed pass by pass"),
            qPrintable(one.json()["algorithm"].toString()));

        {
            Started run(args + QStringList{"--out", killed});
            // The event: the journal, written whole (renamed into place) with
            // the first pass's record.
            waitUntil([&] { return !run.running() || QFileInfo::exists(journal); });
            QVERIFY2(run.running(), "the run ended before it was killed");
            QVERIFY(run.killNow());
        }
        QVERIFY(!QFile::exists(killed));
        QVERIFY(QFile::exists(journal));

        const test::Run again = test::runModescape(args + QStringList{"--out", killed});
        QVERIFY2(again.code == 0, qPrintable(again.err));
        const auto taken =
            QRegularExpression(" (\\d+) randomized PCA passes taken from an interrupted run\n")
                .match(again.err);
        QVERIFY2(taken.hasMatch(), qPrintable(again.err));
        const int passes = taken.captured(1).toInt();
        QVERIFY2(passes == 1 || passes == 2, qPrintable(again.err));
        QCOMPARE(again.json()["units_computed"].toInt(), 4 * (3 - passes));
        QVERIFY(!QFile::exists(journal));
        QCOMPARE(namesIn(path("pca")), QStringList({"killed.csv", "whole.csv"}));
        QCOMPARE(contentOf(killed), contentOf(whole));
        QCOMPARE(contentOf(whole).count('\n'), kTallMembers + 1);
    }
};

QTEST_GUILESS_MAIN(TestInterrupt)
#include "TestInterrupt.moc"
