// GUI latency while jobs run through ui::JobRunner: how long the UI thread's
// event loop stalls (the gaps between ticks of a 5 ms timer on it) and how long
// a cancelled job takes to report itself cancelled. Numbers only, no pass/fail:
// the tests check the behaviour (tests/ui/TestJobRunner.cpp), this measures it.
// Jobs:
//   flood      reports progress as fast as it can for 2 s
//   cancel     a long matrix-product loop, cancelled 20 times after 50 ms
//   landscape  MLP 2-32-32-2 on 10,000 two-moons points, 51 x 51 grid (the
//              landscape benchmark's W1), then 5 runs cancelled at the first row
// Runs under the offscreen platform unless QT_QPA_PLATFORM says otherwise.
//   bench_ui_latency [grid side, default 51]

#include <QApplication>
#include <QEventLoop>
#include <QTimer>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include "bench/BenchMachine.h"
#include "core/data/Synthetic.h"
#include "core/jobs/Device.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/LandscapeResult.h"
#include "core/model/Mlp.h"
#include "ui/jobs/JobRunner.h"

using namespace modescape;
using Clock = std::chrono::steady_clock;
using modescape::ui::JobRunner;

namespace {

double milliseconds(Clock::duration d) {
    return std::chrono::duration<double, std::milli>(d).count();
}

double percentile(std::vector<double> values, double p) {
    if (values.empty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto rank = static_cast<std::size_t>(p / 100.0 * double(values.size() - 1) + 0.5);
    return values[std::min(rank, values.size() - 1)];
}

void printDistribution(const char* what, const std::vector<double>& ms) {
    std::printf("  %-26s n=%-6zu p50 %7.2f ms  p99 %7.2f ms  max %7.2f ms\n", what, ms.size(),
                percentile(ms, 50), percentile(ms, 99),
                ms.empty() ? 0.0 : *std::max_element(ms.begin(), ms.end()));
}

// The gaps between ticks of a 5 ms timer on the UI thread while it runs.
class StallProbe {
  public:
    StallProbe() {
        timer_.setTimerType(Qt::PreciseTimer);
        timer_.setInterval(5);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            const auto now = Clock::now();
            if (last_ != Clock::time_point{})
                gaps_.push_back(milliseconds(now - last_));
            last_ = now;
        });
    }
    void start() {
        gaps_.clear();
        last_ = {};
        timer_.start();
    }
    std::vector<double> stop() {
        timer_.stop();
        return gaps_;
    }

  private:
    QTimer timer_;
    Clock::time_point last_{};
    std::vector<double> gaps_;
};

// Runs the UI thread's event loop until the runner reports job `id` ended.
void runUntilEnded(JobRunner& runner, int id) {
    QEventLoop loop;
    auto quitOn = [&](int ended) {
        if (ended == id)
            loop.quit();
    };
    const auto a = QObject::connect(&runner, &JobRunner::jobSucceeded, &loop, quitOn);
    const auto b = QObject::connect(&runner, &JobRunner::jobCancelled, &loop, quitOn);
    const auto c = QObject::connect(&runner, &JobRunner::jobFailed, &loop,
                                    [&](int ended, const QString&) { quitOn(ended); });
    loop.exec();
    QObject::disconnect(a);
    QObject::disconnect(b);
    QObject::disconnect(c);
}

// Submits `work`; once its first progress update arrives plus `delay`, cancels
// it. Returns the time from cancel() to the jobCancelled signal.
double cancelLatency(JobRunner& runner, std::function<void(const JobContext&)> work,
                     std::chrono::milliseconds delay) {
    Clock::time_point askedAt{}, heardAt{};
    int id = 0;
    bool scheduled = false;
    QEventLoop loop;
    const auto progress = QObject::connect(&runner, &JobRunner::jobProgress, &loop,
                                           [&](int job, double, const QString&) {
                                               if (job != id || scheduled)
                                                   return;
                                               scheduled = true;
                                               QTimer::singleShot(delay, &loop, [&] {
                                                   askedAt = Clock::now();
                                                   runner.cancel(id);
                                               });
                                           });
    const auto cancelled = QObject::connect(&runner, &JobRunner::jobCancelled, &loop, [&](int job) {
        if (job == id) {
            heardAt = Clock::now();
            loop.quit();
        }
    });
    id = runner.submit({"cancel me", std::move(work), {}, {}});
    loop.exec();
    QObject::disconnect(progress);
    QObject::disconnect(cancelled);
    return milliseconds(heardAt - askedAt);
}

void floodJob(JobRunner& runner, StallProbe& probe) {
    std::printf("flood: progress reported as fast as possible for 2 s\n");
    std::atomic<long> reports{0};
    int updates = 0;
    const auto counter = QObject::connect(&runner, &JobRunner::jobProgress,
                                          [&](int, double, const QString&) { ++updates; });
    probe.start();
    const int id = runner.submit({"flood",
                                  [&](const JobContext& ctx) {
                                      const auto end = Clock::now() + std::chrono::seconds(2);
                                      while (Clock::now() < end) {
                                          ctx.report(0.5, "flooding");
                                          ++reports;
                                      }
                                      ctx.report(1.0, "done");
                                  },
                                  {},
                                  {}});
    runUntilEnded(runner, id);
    printDistribution("GUI timer gaps", probe.stop());
    std::printf("  %ld reports reached the GUI as %d updates\n", reports.load(), updates);
    QObject::disconnect(counter);
}

void cancelJobs(JobRunner& runner, StallProbe& probe) {
    std::printf("cancel: 128 x 128 matrix products, cancelled 50 ms after the first update\n");
    std::vector<double> latencies;
    probe.start();
    for (int i = 0; i < 20; ++i)
        latencies.push_back(cancelLatency(
            runner,
            [](const JobContext& ctx) {
                const auto a = at::randn({128, 128});
                for (long k = 0;; ++k) {
                    a.mm(a).sum().item<float>();
                    ctx.report(0.5, "multiplying");
                    ctx.checkCancelled();
                }
            },
            std::chrono::milliseconds(50)));
    printDistribution("GUI timer gaps", probe.stop());
    printDistribution("cancel -> jobCancelled", latencies);
}

void landscapeJobs(JobRunner& runner, StallProbe& probe, int side) {
    using namespace modescape::landscape;
    const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
    data::MoonsOptions moons;
    moons.n = 10000;
    const auto moonsSet = data::makeMoons(moons);
    const EvaluationData data{moonsSet.inputs, moonsSet.labels, {}};
    const auto centre = mlp.initialParameters(0);
    LandscapeSettings s;
    s.x = {-1.0, 1.0, side};
    s.y = {-1.0, 1.0, side};
    s.engine = Engine::Batched;
    const auto directions =
        makeDirections(s, [&](const std::string&) { return centre; }, {"centre"}, {});
    auto landscape = [&](const JobContext& ctx) {
        auto result = makeEmptyResult(s);
        fillGrid(GridEvaluator(mlp, directions, data, s, runner.device()), result, ctx);
    };
    std::printf("landscape: MLP 2-32-32-2, 10,000 two-moons points, %d x %d grid, batched\n", side,
                side);
    int updates = 0;
    const auto counter = QObject::connect(&runner, &JobRunner::jobProgress,
                                          [&](int, double, const QString&) { ++updates; });
    probe.start();
    const auto start = Clock::now();
    const int id = runner.submit({"landscape", landscape, {}, {}});
    runUntilEnded(runner, id);
    const double total = milliseconds(Clock::now() - start);
    printDistribution("GUI timer gaps", probe.stop());
    std::printf("  %.0f ms, %d progress updates\n", total, updates);
    QObject::disconnect(counter);

    std::vector<double> latencies;
    probe.start();
    for (int i = 0; i < 5; ++i)
        latencies.push_back(cancelLatency(runner, landscape, std::chrono::milliseconds(0)));
    printDistribution("GUI timer gaps", probe.stop());
    printDistribution("cancel -> jobCancelled", latencies);
}

}  // namespace

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
    const int side = argc > 1 ? std::stoi(argv[1]) : 51;
    QApplication app(argc, argv);
    useAllCpuCores();
    useExactFloat32();
    at::manual_seed(0);
    modescape::bench::printMachine();
    std::printf("Qt platform: %s; ideal timer gap 5 ms\n",
                qPrintable(QApplication::platformName()));
    JobRunner runner;
    std::printf("device: %s\n", qPrintable(runner.deviceDescription()));
    StallProbe probe;
    floodJob(runner, probe);
    cancelJobs(runner, probe);
    landscapeJobs(runner, probe, side);
    return 0;
}
