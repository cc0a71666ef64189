// The job runner: cancellation, an event loop that keeps turning, errors in the log.
#include <QtTest>

#include <thread>

#include "core/common/Error.h"
#include "tests/common/EventWait.h"
#include "ui/jobs/JobDuration.h"
#include "ui/jobs/JobRunner.h"
#include "ui/jobs/JobsPanel.h"
#include "ui/log/LogModel.h"

using namespace modescape;
using modescape::test::updatesWithoutATurn;
using modescape::test::waitForSignals;
using modescape::test::waitUntil;
using modescape::ui::JobRequest;
using modescape::ui::JobRunner;

class TestJobRunner : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    // Issue 19: a finished job's row says how long it took; one cancelled while
    // queued never ran and says no duration. The size of a duration is the
    // machine's business: only its form is checked.
    void jobsPanelShowsEachFinishedJobsDuration() {
        JobRunner runner;
        ui::JobsPanel panel(&runner);
        QSignalSpy succeeded(&runner, &JobRunner::jobSucceeded);
        QSignalSpy failed(&runner, &JobRunner::jobFailed);
        QSignalSpy cancelled(&runner, &JobRunner::jobCancelled);
        std::atomic<bool> release{false};
        const int done = runner.submit({"quick", [&](const JobContext&) {
                                            while (!release)
                                                std::this_thread::yield();
                                        }});
        const int queued = runner.submit({"never", [](const JobContext&) {}});
        const int failing = runner.submit(
            {"failing", [](const JobContext&) { throw InvalidArgument("bad value"); }});
        runner.cancel(queued);
        release = true;
        waitForSignals(succeeded);
        waitForSignals(failed);
        waitForSignals(cancelled);
        const QRegularExpression duration(
            "^done in ([0-9]+ ms|[0-9]+\\.[0-9] s|[0-9]+ min [0-9]{2} s|[0-9]+ h [0-9]{2} min)$");
        QVERIFY2(duration.match(panel.statusText(done)).hasMatch(),
                 qPrintable(panel.statusText(done)));
        QVERIFY2(panel.statusText(failing).startsWith("failed: bad value in "),
                 qPrintable(panel.statusText(failing)));
        QCOMPARE(panel.statusText(queued), QString("cancelled"));
        QCOMPARE(panel.activeJobCount(), 0);
    }

    // The format, on hand-picked values: milliseconds below a second, tenths
    // below a minute, then minutes and seconds.
    void jobDurationFormat() {
        QCOMPARE(ui::formatJobDuration(0.0), QString("0 ms"));
        QCOMPARE(ui::formatJobDuration(0.0123), QString("12 ms"));
        QCOMPARE(ui::formatJobDuration(0.9996), QString("1.0 s"));
        QCOMPARE(ui::formatJobDuration(2.54), QString("2.5 s"));
        QCOMPARE(ui::formatJobDuration(59.94), QString("59.9 s"));
        QCOMPARE(ui::formatJobDuration(75.0), QString("1 min 15 s"));
        QCOMPARE(ui::formatJobDuration(-1.0), QString("0 ms"));
    }

    // Cancel ends a running job as cancelled. A job that ignored the request
    // would never end, and the test's CTest timeout would fail it.
    void foreverJobStopsOnCancel() {
        JobRunner runner;
        bool onCancelledRan = false;
        std::atomic<bool> looping{false};
        QSignalSpy cancelled(&runner, &JobRunner::jobCancelled);
        QSignalSpy succeeded(&runner, &JobRunner::jobSucceeded);
        QSignalSpy failed(&runner, &JobRunner::jobFailed);
        const int id = runner.submit({"forever",
                                      [&looping](const JobContext& ctx) {
                                          for (;;) {
                                              ctx.checkCancelled();
                                              looping = true;
                                              std::this_thread::yield();
                                          }
                                      },
                                      {},
                                      {},
                                      [&] { onCancelledRan = true; }});
        waitUntil([&] { return looping.load(); });  // running, inside its loop
        QVERIFY(cancelled.isEmpty());
        runner.cancel(id);
        waitForSignals(cancelled);
        QCOMPARE(cancelled.first().first().toInt(), id);
        QVERIFY(onCancelledRan);  // the requester hears of it, not only the runner's listeners
        QVERIFY(succeeded.isEmpty() && failed.isEmpty());
        waitUntil([&] { return runner.isIdle(); });
    }

    // While a job reports progress as fast as it can, the UI thread's loop keeps
    // turning: a zero-interval timer ticks between every two progress updates
    // (updates queued faster than the loop turns would arrive back to back), and
    // the job's many reports reach the UI as a few updates.
    void eventLoopTurnsBetweenProgressUpdatesOfAChattyJob() {
        JobRunner runner;
        QSignalSpy succeeded(&runner, &JobRunner::jobSucceeded);
        int ticks = 0;
        QTimer tick;
        tick.setInterval(0);
        connect(&tick, &QTimer::timeout, [&] { ++ticks; });
        std::vector<int> ticksAtUpdate;  // the tick count when each update arrived
        double lastFraction = -1.0;
        std::atomic<int> delivered{0};
        connect(&runner, &JobRunner::jobProgress, &runner,
                [&](int, double fraction, const QString&) {
                    ticksAtUpdate.push_back(ticks);
                    lastFraction = fraction;
                    ++delivered;
                });
        std::atomic<long> reports{0};
        std::atomic<double> sink{0};
        tick.start();
        runner.submit({"chatty",
                       [&](const JobContext& ctx) {
                           double x = 0;
                           // Floods on purpose until the UI has received ten updates.
                           for (long i = 0; delivered < 10; ++i) {
                               x += std::sqrt(double(i));
                               ctx.report(0.5, "crunching");
                               ++reports;
                               ctx.checkCancelled();
                           }
                           ctx.report(1.0, "done");
                           sink = x;
                       },
                       {},
                       {}});
        waitForSignals(succeeded);
        tick.stop();
        QCOMPARE(lastFraction, 1.0);  // the last report is never dropped
        QVERIFY(ticksAtUpdate.size() >= 11);
        const QString stall = updatesWithoutATurn(ticksAtUpdate);
        QVERIFY2(stall.isEmpty(), qPrintable(stall));
        // Throttled: at most one update per hundred reports.
        QVERIFY2(long(ticksAtUpdate.size()) * 100 < reports.load(),
                 qPrintable(QString("%1 updates for %2 reports")
                                .arg(ticksAtUpdate.size())
                                .arg(reports.load())));
    }

    void throwingJobIsLoggedAndRunnerStaysUsable() {
        ui::LogModel logModel;
        JobRunner runner;
        QSignalSpy failed(&runner, &JobRunner::jobFailed);
        QString seenByCallback;
        runner.submit(
            {"load set",
             [](const JobContext&) { throw FormatError("/tmp/x.safetensors", "truncated header"); },
             {},
             [&](const QString& m) { seenByCallback = m; }});
        waitForSignals(failed);
        QCOMPARE(failed.first().at(1).toString(), QString("/tmp/x.safetensors: truncated header"));
        QCOMPARE(seenByCallback, QString("/tmp/x.safetensors: truncated header"));
        waitUntil([&] { return logModel.contains("/tmp/x.safetensors: truncated header"); });

        bool ran = false;
        QSignalSpy succeeded(&runner, &JobRunner::jobSucceeded);
        runner.submit({"next", [](const JobContext&) {}, [&] { ran = true; }, {}});
        waitForSignals(succeeded);
        QVERIFY(ran);
    }

    void queuedJobCanBeCancelledBeforeItStarts() {
        JobRunner runner;
        std::atomic<bool> release{false};
        std::atomic<bool> secondRan{false};
        runner.submit({"blocker",
                       [&](const JobContext&) {
                           while (!release)
                               std::this_thread::yield();
                       },
                       {},
                       {}});
        bool onCancelledRan = false;
        const int second = runner.submit({"second",
                                          [&](const JobContext&) { secondRan = true; },
                                          {},
                                          {},
                                          [&] { onCancelledRan = true; }});
        QSignalSpy cancelled(&runner, &JobRunner::jobCancelled);
        runner.cancel(second);
        QCOMPARE(cancelled.count(), 1);
        QVERIFY(onCancelledRan);
        release = true;
        waitUntil([&] { return runner.isIdle(); });
        QVERIFY(!secondRan);
    }
};

QTEST_MAIN(TestJobRunner)
#include "TestJobRunner.moc"
