#include "core/parallel/DistributedLandscape.h"

#include <chrono>
#include <deque>
#include <memory>

#include "core/jobs/Device.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/LandscapeJournal.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/WorkQueue.h"

namespace modescape::parallel {

using namespace modescape::landscape;

namespace {

constexpr int kReportTag = 1;      // rank -> 0: results and requests
constexpr int kWorkTag = 2;        // 0 -> rank: units to compute (none: no more)
constexpr std::size_t kWidth = 2;  // values per grid point: loss, accuracy

// Loss and accuracy at grid indices, pointsPerForward() at a time.
std::vector<double> evaluateUnits(const GridEvaluator& evaluator, const LandscapeResult& r,
                                  const std::vector<std::int64_t>& units, const JobContext& job) {
    std::vector<GridPoint> points;
    for (const auto unit : units)
        points.push_back({r.xs[static_cast<std::size_t>(unit) % r.xs.size()],
                          r.ys[static_cast<std::size_t>(unit) / r.xs.size()]});
    std::vector<double> values;
    const auto group = static_cast<std::size_t>(evaluator.pointsPerForward());
    for (std::size_t first = 0; first < points.size(); first += group) {
        const std::vector<GridPoint> some(
            points.begin() + static_cast<std::ptrdiff_t>(first),
            points.begin() + static_cast<std::ptrdiff_t>(std::min(first + group, points.size())));
        for (const auto& m : evaluator.evaluate(some, job)) {
            values.push_back(m.loss);
            values.push_back(m.accuracy);
        }
    }
    return values;
}

double secondsSince(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Points per chunk: one forward's worth, but small enough that every rank
// gets several chunks (a slow rank then takes fewer, and no rank waits long
// for the last one).
std::size_t chunkSize(const GridEvaluator& evaluator, const LandscapeResult& r) {
    std::size_t todo = 0;
    for (std::size_t i = 0; i < r.loss.size(); ++i)
        todo += r.isComputed(i) ? 0 : 1;
    const std::size_t share = (todo + 4 * size() - 1) / (4 * static_cast<std::size_t>(size()));
    return std::max<std::size_t>(
        std::min(static_cast<std::size_t>(evaluator.pointsPerForward()), share), 1);
}

class Coordinator {
  public:
    Coordinator(const GridEvaluator& evaluator, LandscapeResult& result, const JobContext& job,
                const DistributedOptions& options, DistributedReport& report)
        : evaluator_(evaluator),
          result_(result),
          job_(job),
          report_(report),
          queue_(todo(result), chunkSize(evaluator, result)),
          total_(queue_.remaining()),
          workers_(static_cast<std::size_t>(size())) {
        if (options.beforeGrid)
            options.beforeGrid(result);
        if (!options.journal.empty())
            journal_ = std::make_unique<LandscapeJournal>(options.journal, result);
        report_.rankPoints.assign(static_cast<std::size_t>(size()), 0);
    }

    void run() {
        const auto start = std::chrono::steady_clock::now();
        result_.pointsComputedLastRun = 0;
        for (;;) {
            const auto serving = std::chrono::steady_clock::now();
            int source = -1;
            while (waiting(kReportTag, &source))
                answer(source, receive(source, kReportTag));
            report_.coordinatorSeconds += secondsSince(serving);
            const auto units = queue_.take();
            if (units.empty())
                break;
            take(0, units, evaluateUnits(evaluator_, result_, units, job_));
        }
        while (!allClosed())
            answerNext();
        result_.seconds = secondsSince(start);
    }

  private:
    struct Worker {
        std::size_t outstanding = 0;  // units handed out, results not back yet
        bool told = false;            // has been told there is no more work
    };

    static std::vector<std::int64_t> todo(LandscapeResult& r) {
        r.computed = r.computedMask();
        std::vector<std::int64_t> units;
        for (std::size_t i = 0; i < r.computed.size(); ++i)
            if (!r.computed[i])
                units.push_back(static_cast<std::int64_t>(i));
        return units;
    }

    bool allClosed() const {
        for (std::size_t w = 1; w < workers_.size(); ++w)
            if (!workers_[w].told || workers_[w].outstanding > 0)
                return false;
        return true;
    }

    void answerNext() {
        int source = -1;
        auto message = receive(-1, kReportTag, &source);
        answer(source, message);
    }

    void answer(int source, const std::vector<double>& message) {
        ++report_.messages;
        report_.bytes += static_cast<std::int64_t>(message.size() * sizeof(double));
        const WorkReport report = decodeReport(message);
        Worker& worker = workers_[static_cast<std::size_t>(source)];
        if (!report.units.empty()) {
            worker.outstanding -= std::min(worker.outstanding, report.units.size());
            take(source, report.units, report.values);
        }
        for (int chunk = 0; chunk < report.wanted; ++chunk) {  // one message per chunk
            const auto units = queue_.take();
            worker.outstanding += units.size();
            worker.told = worker.told || units.empty();
            send(source, kWorkTag, encodeUnits(units));
        }
    }

    // Results of `units` computed by `rank`: into the result, then committed.
    void take(int rank, const std::vector<std::int64_t>& units, const std::vector<double>& values) {
        std::vector<JournalPoint> points;
        for (std::size_t i = 0; i < units.size(); ++i) {
            const auto index = static_cast<std::size_t>(units[i]);
            result_.loss[index] = values[kWidth * i];
            result_.accuracy[index] = values[kWidth * i + 1];
            result_.computed[index] = 1;
            points.push_back({units[i], values[kWidth * i], values[kWidth * i + 1]});
        }
        if (journal_)
            journal_->append(points);
        const auto count = static_cast<std::int64_t>(units.size());
        report_.rankPoints[static_cast<std::size_t>(rank)] += count;
        result_.pointsComputedLastRun += count;
        done_ += units.size();
        job_.report(
            static_cast<double>(done_) / static_cast<double>(std::max<std::size_t>(total_, 1)),
            "landscape: " + std::to_string(done_) + " of " + std::to_string(total_) +
                " points on " + std::to_string(size()) + " ranks");
    }

    const GridEvaluator& evaluator_;
    LandscapeResult& result_;
    const JobContext& job_;
    DistributedReport& report_;
    WorkQueue queue_;
    std::size_t total_;
    std::size_t done_ = 0;
    std::vector<Worker> workers_;
    std::unique_ptr<LandscapeJournal> journal_;
};

// A rank other than 0: asks for two chunks at first, so that the next one is
// already here while it computes; then with each chunk's results asks for one
// more, until rank 0 answers with an empty chunk (no more work).
void work(const GridEvaluator& evaluator, const LandscapeResult& result, const JobContext& job) {
    send(0, kReportTag, encodeReport({2, kWidth, {}, {}}));
    int pending = 2;  // chunks asked for, not received yet
    bool noMore = false;
    std::deque<std::vector<std::int64_t>> chunks;
    while (!chunks.empty() || pending > 0) {
        if (chunks.empty()) {
            auto units = decodeUnits(receive(0, kWorkTag));
            --pending;
            if (units.empty())
                noMore = true;
            else
                chunks.push_back(std::move(units));
            continue;
        }
        const std::vector<std::int64_t> units = std::move(chunks.front());
        chunks.pop_front();
        auto values = evaluateUnits(evaluator, result, units, job);
        const int wanted = noMore ? 0 : 1;
        send(0, kReportTag, encodeReport({wanted, kWidth, units, std::move(values)}));
        pending += wanted;
    }
}

}  // namespace

DistributedReport computeLandscapeDistributed(evaluation::LoadedSet& set, LandscapeResult& result,
                                              const JobContext& job,
                                              const DistributedOptions& options) {
    DistributedReport report;
    report.ranks = size();
    if (rank() != 0) {
        // Rank 0 computes the centre; here it would only cost time.
        result.centerComputed = true;
        result.centerLoss = result.centerAccuracy = 0.0;
    }
    computeLandscape(set, result, job, {},
                     [&](const GridEvaluator& evaluator, LandscapeResult& r, const JobContext& j) {
                         report.devices = gatherText(hostName() + ": " + describeDevice(j.device));
                         if (rank() == 0)
                             Coordinator(evaluator, r, j, options, report).run();
                         else
                             work(evaluator, r, j);
                     });
    return report;
}

}  // namespace modescape::parallel
