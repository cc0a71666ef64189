// The worker core's building blocks: cancellation, progress, logging, errors,
// LibTorch's thread count for one thread.
#include <QtTest>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <atomic>
#include <thread>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/common/OneIntraOpThread.h"
#include "core/jobs/Eta.h"
#include "core/jobs/Progress.h"

using namespace modescape;

class TestJobs : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void tokenCopiesShareState() {
        CancellationToken token;
        CancellationToken copy = token;
        QVERIFY(!copy.isCancelled());
        token.cancel();
        QVERIFY(copy.isCancelled());
        QVERIFY_THROWS_EXCEPTION(Cancelled, copy.throwIfCancelled());
    }

    // A worker polling its copy of the token stops once another thread cancels
    // the original. The cancel comes after the worker is seen running. The check
    // is the join itself: a worker that never saw the cancel would never end,
    // and the test's CTest timeout would fail it.
    void tokenSeenFromAnotherThread() {
        CancellationToken token;
        std::atomic<int> iterations{0};
        std::thread worker([copy = token, &iterations] {
            while (!copy.isCancelled())
                ++iterations, std::this_thread::yield();
        });
        while (iterations == 0)
            std::this_thread::yield();
        token.cancel();
        worker.join();
    }

    // While a OneIntraOpThread lives, LibTorch's operations on its thread use
    // that thread alone, even after their first parallel operation there; the
    // count of other threads and of threads started meanwhile stays, and the
    // thread's own comes back.
    void oneIntraOpThreadIsItsThreadsAlone() {
        const int before = at::get_num_threads();
        at::set_num_threads(2);
        int inside = 0, startedMeanwhile = 0;
        float sum = 0;
        std::thread([&] {
            const OneIntraOpThread one;
            sum = at::ones({1 << 20}).sum().item<float>();
            inside = at::get_num_threads();
            std::thread([&] { startedMeanwhile = at::get_num_threads(); }).join();
        }).join();
        QCOMPARE(sum, float(1 << 20));
        QCOMPARE(inside, 1);
        QCOMPARE(startedMeanwhile, 2);
        QCOMPARE(at::get_num_threads(), 2);
        {
            const OneIntraOpThread one;
            QCOMPARE(at::get_num_threads(), 1);
        }
        QCOMPARE(at::get_num_threads(), 2);
        at::set_num_threads(before);
    }

    void contextReportsProgress() {
        JobContext context;
        std::vector<double> fractions;
        std::string last;
        context.progress = [&](double f, const std::string& m) {
            fractions.push_back(f), last = m;
        };
        context.report(0.25, "a quarter");
        context.report(1.0, "done");
        QCOMPARE(fractions.size(), std::size_t(2));
        QCOMPARE(fractions[0], 0.25);
        QCOMPARE(last, std::string("done"));
    }

    // Time left from fractions at given instants (no clock read): 10 s for the
    // first 20 % leaves 40 s; a fraction going back starts a new phase.
    void etaExtrapolatesThePhaseRate() {
        using namespace std::chrono_literals;
        EtaEstimator eta;
        const EtaEstimator::Clock::time_point t0{};
        QVERIFY(!eta.secondsLeft(0.0, t0));
        QVERIFY(!eta.secondsLeft(0.005, t0 + 10s));  // under 1 %: too early to say
        QCOMPARE(*eta.secondsLeft(0.2, t0 + 10s), 40.0);
        QVERIFY(!eta.secondsLeft(0.1, t0 + 11s));         // a new phase starts at 10 %
        QCOMPARE(*eta.secondsLeft(0.55, t0 + 20s), 9.0);  // 45 % in 9 s, 45 % left
        QVERIFY(!eta.secondsLeft(1.0, t0 + 30s));
        QCOMPARE(formatDuration(45.2), std::string("45 s"));
        QCOMPARE(formatDuration(200), std::string("3 min 20 s"));
        QCOMPARE(formatDuration(7500), std::string("2 h 05 min"));
    }

    void logLevelsFilterAndSinksRemove() {
        std::vector<std::pair<log::Level, std::string>> seen;
        const int id =
            log::addSink([&](log::Level l, const std::string& m) { seen.emplace_back(l, m); });
        log::setMinimumLevel(log::Level::Info);
        log::debug("hidden");
        log::info("shown");
        log::error("bad");
        log::removeSink(id);
        log::info("after removal");
        QCOMPARE(seen.size(), std::size_t(2));
        QCOMPARE(seen[0].second, std::string("shown"));
        QVERIFY(seen[1].first == log::Level::Error);
    }

    void errorsNameTheFile() {
        try {
            throw FormatError("/data/a.safetensors", "header length 9 exceeds file size 4");
        } catch (const Error& e) {
            QCOMPARE(std::string(e.what()),
                     std::string("/data/a.safetensors: header length 9 exceeds file size 4"));
        }
        const IoError io("/x", "missing");
        QCOMPARE(io.path(), std::string("/x"));
    }
};

QTEST_APPLESS_MAIN(TestJobs)
#include "TestJobs.moc"
