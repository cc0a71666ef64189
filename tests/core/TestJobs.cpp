// The worker core's building blocks: cancellation, progress, logging, errors.
#include <QtTest>

#include <thread>

#include "core/common/Error.h"
#include "core/common/Log.h"
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

    void tokenSeenFromAnotherThread() {
        CancellationToken token;
        int iterations = 0;
        std::thread worker([&] {
            while (!token.isCancelled()) ++iterations, std::this_thread::yield();
        });
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        token.cancel();
        worker.join();
        QVERIFY(iterations > 0);
    }

    void contextReportsProgress() {
        JobContext context;
        std::vector<double> fractions;
        std::string last;
        context.progress = [&](double f, const std::string& m) { fractions.push_back(f), last = m; };
        context.report(0.25, "a quarter");
        context.report(1.0, "done");
        QCOMPARE(fractions.size(), std::size_t(2));
        QCOMPARE(fractions[0], 0.25);
        QCOMPARE(last, std::string("done"));
    }

    void logLevelsFilterAndSinksRemove() {
        std::vector<std::pair<log::Level, std::string>> seen;
        const int id = log::addSink([&](log::Level l, const std::string& m) { seen.emplace_back(l, m); });
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
            QCOMPARE(std::string(e.what()), std::string("/data/a.safetensors: header length 9 exceeds file size 4"));
        }
        const IoError io("/x", "missing");
        QCOMPARE(io.path(), std::string("/x"));
    }
};

QTEST_APPLESS_MAIN(TestJobs)
#include "TestJobs.moc"
