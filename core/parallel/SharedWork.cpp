#include "core/parallel/SharedWork.h"

#include <algorithm>
#include <chrono>
#include <deque>

#include "core/parallel/Mpi.h"
#include "core/parallel/WorkQueue.h"

namespace modescape::parallel {

namespace {

constexpr int kReportTag = 1;  // rank -> 0: results and requests
constexpr int kWorkTag = 2;    // 0 -> rank: units to compute (none: no more)

using Clock = std::chrono::steady_clock;

double secondsSince(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

class Coordinator {
  public:
    Coordinator(const SharedWork& work, const JobContext& job, ShareReport& report)
        : work_(work),
          job_(job),
          report_(report),
          queue_(work.todo, work.chunkSize),
          total_(work.todo.size()),
          workers_(static_cast<std::size_t>(size())) {
        report_.rankUnits.assign(static_cast<std::size_t>(size()), 0);
    }

    void run() {
        const auto start = Clock::now();
        for (;;) {
            const auto serving = Clock::now();
            int source = -1;
            // At most one message per other rank between two chunks of our own:
            // answering (and committing the results, an fsync) can take longer
            // than another rank's next chunk, and a loop "while anything waits"
            // then never let rank 0 compute (seen: rank_work [0, 1]). The others
            // hold a chunk in reserve, so they do not wait for us meanwhile.
            for (int answered = 0; answered < size() - 1 && waiting(kReportTag, &source);
                 ++answered)
                answer(source, receive(source, kReportTag));
            report_.coordinatorSeconds += secondsSince(serving);
            const auto units = queue_.take();
            if (units.empty())
                break;
            job_.checkCancelled();
            take(0, units, work_.compute(units, chunkJob(units.size())));
        }
        while (!allClosed()) {
            int source = -1;
            auto message = receive(-1, kReportTag, &source);
            answer(source, message);
        }
        report_.seconds = secondsSince(start);
    }

  private:
    struct Worker {
        std::size_t outstanding = 0;  // units handed out, results not back yet
        bool told = false;            // has been told there is no more work
    };

    // Rank 0's own chunk: its progress moves the whole job's bar.
    JobContext chunkJob(std::size_t units) const {
        JobContext job = job_;
        const double total = static_cast<double>(std::max<std::size_t>(total_, 1));
        const double done = static_cast<double>(done_);
        const auto parent = job_.progress;
        job.progress = [=](double fraction, const std::string& message) {
            parent((done + fraction * static_cast<double>(units)) / total, message);
        };
        return job;
    }

    bool allClosed() const {
        for (std::size_t w = 1; w < workers_.size(); ++w)
            if (!workers_[w].told || workers_[w].outstanding > 0)
                return false;
        return true;
    }

    void answer(int source, const std::string& message) {
        ++report_.messages;
        report_.bytes += static_cast<std::int64_t>(message.size());
        const WorkReport report = decodeReport(message);
        Worker& worker = workers_[static_cast<std::size_t>(source)];
        if (!report.units.empty()) {
            worker.outstanding -= std::min(worker.outstanding, report.units.size());
            take(source, report.units, report.payload);
        }
        for (int chunk = 0; chunk < report.wanted; ++chunk) {  // one message per chunk
            const auto units = queue_.take();
            worker.outstanding += units.size();
            worker.told = worker.told || units.empty();
            send(source, kWorkTag, encodeUnits(units));
        }
    }

    void take(int rank, const std::vector<std::int64_t>& units, const std::string& payload) {
        work_.take(rank, units, payload);
        report_.rankUnits[static_cast<std::size_t>(rank)] +=
            static_cast<std::int64_t>(units.size());
        done_ += units.size();
        job_.report(
            static_cast<double>(done_) / static_cast<double>(std::max<std::size_t>(total_, 1)),
            work_.task + ": " + std::to_string(done_) + " of " + std::to_string(total_) + " " +
                work_.units + (size() > 1 ? " on " + std::to_string(size()) + " ranks" : ""));
    }

    const SharedWork& work_;
    const JobContext& job_;
    ShareReport& report_;
    WorkQueue queue_;
    std::size_t total_;
    std::size_t done_ = 0;
    std::vector<Worker> workers_;
};

// A rank other than 0: asks for two chunks at first, so that the next one is
// already here while it computes; then with each chunk's results asks for one
// more, until rank 0 answers with an empty chunk (no more work).
void serveAsWorker(const SharedWork& shared, const JobContext& job) {
    send(0, kReportTag, encodeReport({2, {}, {}}));
    int pending = 2;  // chunks asked for, not received yet
    bool noMore = false;
    std::deque<std::vector<std::int64_t>> chunks;
    JobContext quiet = job;  // rank 0 shows the whole job's progress
    quiet.progress = [](double, const std::string&) {};
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
        job.checkCancelled();
        std::string payload = shared.compute(units, quiet);
        const int wanted = noMore ? 0 : 1;
        send(0, kReportTag, encodeReport({wanted, units, std::move(payload)}));
        pending += wanted;
    }
}

}  // namespace

std::int64_t ShareReport::unitsComputed() const {
    std::int64_t all = 0;
    for (const auto units : rankUnits)
        all += units;
    return all;
}

ShareReport shareWork(const SharedWork& work, const JobContext& job) {
    ShareReport report;
    report.ranks = size();
    report.devices = gatherText(hostName() + ": " + work.device);
    if (rank() == 0)
        Coordinator(work, job, report).run();
    else
        serveAsWorker(work, job);
    return report;
}

ShareReport aloneReport(std::int64_t units, const std::string& device, double seconds) {
    ShareReport report;
    report.rankUnits = {units};
    report.devices = {hostName() + ": " + device};
    report.seconds = seconds;
    return report;
}

}  // namespace modescape::parallel
