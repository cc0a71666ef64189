#include "core/parallel/SharedUnits.h"

#include <algorithm>

#include "core/parallel/Mpi.h"

namespace modescape::parallel {

void addRound(ShareReport& run, const ShareReport& round) {
    run.ranks = round.ranks;
    run.devices = round.devices;
    run.rankUnits.resize(std::max(run.rankUnits.size(), round.rankUnits.size()), 0);
    for (std::size_t r = 0; r < round.rankUnits.size(); ++r)
        run.rankUnits[r] += round.rankUnits[r];
    run.coordinatorSeconds += round.coordinatorSeconds;
    run.messages += round.messages;
    run.bytes += round.bytes;
    run.seconds += round.seconds;
}

projection::UnitSharing unitSharing(ShareReport& report, const std::string& device) {
    projection::UnitSharing sharing;
    sharing.processes = size();
    sharing.share = [&report, device](const projection::UnitWork& units, const JobContext& job) {
        SharedWork work;
        work.todo = units.units;
        work.chunkSize = 1;  // a block pair is a large piece of work already
        work.task = units.task;
        work.units = units.unitWords;
        work.device = device;
        work.compute = units.compute;
        work.take = [&units](int, const std::vector<std::int64_t>& chunk,
                             const std::string& payload) { units.take(chunk, payload); };
        addRound(report, shareWork(work, job));
        return rank() == 0;
    };
    sharing.sumAtCollector = [](void* values, std::int64_t count, bool float64) {
        sumAtRoot(values, count, float64);
    };
    sharing.broadcast = [](void* data, std::int64_t bytes) { broadcastFromRoot(data, bytes); };
    return sharing;
}

}  // namespace modescape::parallel
