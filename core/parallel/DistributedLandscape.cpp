#include "core/parallel/DistributedLandscape.h"

#include <algorithm>
#include <memory>

#include "core/common/Error.h"
#include "core/jobs/Device.h"
#include "core/landscape/GridEvaluator.h"
#include "core/landscape/LandscapeJournal.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/WorkQueue.h"

namespace modescape::parallel {

using namespace modescape::landscape;

namespace {

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

// The grid points not computed yet, in row order.
std::vector<std::int64_t> todo(LandscapeResult& r) {
    r.computed = r.computedMask();
    std::vector<std::int64_t> units;
    for (std::size_t i = 0; i < r.computed.size(); ++i)
        if (!r.computed[i])
            units.push_back(static_cast<std::int64_t>(i));
    return units;
}

DistributedReport shareGrid(const GridEvaluator& evaluator, LandscapeResult& result,
                            const JobContext& job, const DistributedOptions& options) {
    SharedWork work;
    std::unique_ptr<LandscapeJournal> journal;
    if (rank() == 0) {
        work.todo = todo(result);
        work.chunkSize = chunkSizeFor(work.todo.size(), size(),
                                      static_cast<std::size_t>(evaluator.pointsPerForward()));
        if (options.beforeGrid)
            options.beforeGrid(result);
        if (!options.journal.empty())
            journal = std::make_unique<LandscapeJournal>(options.journal, result);
        result.pointsComputedLastRun = 0;
    }
    work.task = "landscape";
    work.units = "points";
    work.device = describeDevice(job.device);
    work.compute = [&](const std::vector<std::int64_t>& units, const JobContext& chunkJob) {
        return packDoubles(evaluateUnits(evaluator, result, units, chunkJob));
    };
    work.take = [&](int, const std::vector<std::int64_t>& units, const std::string& payload) {
        const std::vector<double> values = unpackDoubles(payload);
        if (values.size() != kWidth * units.size())
            throw FormatError("work message", "a chunk's results do not match its points");
        std::vector<JournalPoint> points;
        for (std::size_t i = 0; i < units.size(); ++i) {
            const auto index = static_cast<std::size_t>(units[i]);
            if (index >= result.loss.size())
                throw FormatError("work message", "a grid point is outside the grid");
            result.loss[index] = values[kWidth * i];
            result.accuracy[index] = values[kWidth * i + 1];
            result.computed[index] = 1;
            points.push_back({units[i], values[kWidth * i], values[kWidth * i + 1]});
        }
        if (journal)
            journal->append(points);  // committed before the next chunk is handed out
        result.pointsComputedLastRun += static_cast<std::int64_t>(units.size());
    };
    DistributedReport report = shareWork(work, job);
    if (rank() == 0)
        result.seconds = report.seconds;
    return report;
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
                         report = shareGrid(evaluator, r, j, options);
                     });
    return report;
}

}  // namespace modescape::parallel
