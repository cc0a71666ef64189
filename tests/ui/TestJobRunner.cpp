// The job runner: cancellation latency, a responsive event loop, errors in the log.
#include <QtTest>

#include <thread>

#include "core/common/Error.h"
#include "ui/jobs/JobRunner.h"
#include "ui/log/LogModel.h"

using namespace modescape;
using modescape::ui::JobRequest;
using modescape::ui::JobRunner;

class TestJobRunner : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void foreverJobStopsWithin200msOfCancel() {
        JobRunner runner;
        bool onCancelledRan = false;
        QSignalSpy started(&runner, &JobRunner::jobStarted);
        QSignalSpy cancelled(&runner, &JobRunner::jobCancelled);
        const int id =
            runner.submit({"forever",
                           [](const JobContext& ctx) {
                               for (;;) {
                                   ctx.checkCancelled();
                                   std::this_thread::sleep_for(std::chrono::milliseconds(1));
                               }
                           },
                           {},
                           {},
                           [&] { onCancelledRan = true; }});
        QVERIFY(started.wait(2000));
        QTest::qWait(100);
        QElapsedTimer clock;
        clock.start();
        runner.cancel(id);
        QVERIFY(cancelled.wait(1000));
        QVERIFY2(clock.elapsed() < 200, qPrintable(QString("took %1 ms").arg(clock.elapsed())));
        QCOMPARE(cancelled.first().first().toInt(), id);
        QVERIFY(onCancelledRan);  // the requester hears of it, not only the runner's listeners
        QTRY_VERIFY(runner.isIdle());
    }

    void eventLoopStaysResponsiveDuringTwoSecondJob() {
        JobRunner runner;
        QSignalSpy succeeded(&runner, &JobRunner::jobSucceeded);
        QSignalSpy progress(&runner, &JobRunner::jobProgress);
        std::atomic<double> sink{0};
        runner.submit({"busy 2 s",
                       [&sink](const JobContext& ctx) {
                           QElapsedTimer t;
                           t.start();
                           double x = 0;
                           while (t.elapsed() < 2000) {
                               for (int i = 0; i < 20000; ++i)
                                   x += std::sqrt(double(i));
                               ctx.report(t.elapsed() / 2000.0, "crunching");  // floods on purpose
                               ctx.checkCancelled();
                           }
                           sink = x;
                       },
                       {},
                       {}});
        // A 5 ms timer on the UI thread: its longest gap is the longest stall.
        QElapsedTimer gap;
        gap.start();
        qint64 longest = 0;
        QTimer probe;
        probe.setInterval(5);
        connect(&probe, &QTimer::timeout, [&] { longest = std::max(longest, gap.restart()); });
        probe.start();
        QVERIFY(succeeded.wait(10000));
        probe.stop();
        QVERIFY2(longest < 50, qPrintable(QString("longest stall %1 ms").arg(longest)));
        QVERIFY(progress.count() > 5);    // progress did arrive...
        QVERIFY(progress.count() < 200);  // ...throttled, not one signal per report
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
        QVERIFY(failed.wait(2000));
        QCOMPARE(failed.first().at(1).toString(), QString("/tmp/x.safetensors: truncated header"));
        QCOMPARE(seenByCallback, QString("/tmp/x.safetensors: truncated header"));
        QTRY_VERIFY(logModel.contains("/tmp/x.safetensors: truncated header"));

        bool ran = false;
        QSignalSpy succeeded(&runner, &JobRunner::jobSucceeded);
        runner.submit({"next", [](const JobContext&) {}, [&] { ran = true; }, {}});
        QVERIFY(succeeded.wait(2000));
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
        QTRY_VERIFY(runner.isIdle());
        QVERIFY(!secondRan);
    }
};

QTEST_MAIN(TestJobRunner)
#include "TestJobRunner.moc"
