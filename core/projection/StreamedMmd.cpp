#include "core/projection/StreamedMmd.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/projection/MemberBlockPairs.h"
#include "core/projection/MmdKernelSums.h"
#include "core/projection/PanelPasses.h"

namespace modescape::projection {

MmdTable streamedMmdTable(const MemberRowSource& source,
                          const std::vector<std::string>& groupOfMember, const MmdOptions& options,
                          const JobContext& context, const StreamedMmdOptions& streaming,
                          StreamedMmdStats* statsOut) {
    StreamedMmdStats stats;
    MmdKernelSums sums(source, groupOfMember, options, streaming, context, stats);
    if (!sums.empty()) {
        const int64_t n = source.memberCount();
        const PanelPlan plan = planPanels(
            n, source.parameterCount(), sums.workingBytes(),
            "the MMD kernel sums of " + std::to_string(n) + " members", streaming.maxPanelRows);
        stats.passes = plan.passes;
        PanelCallbacks callbacks;
        const TileVisitor add = [&](const at::Tensor& sq, const at::Tensor& l1, int64_t i0,
                                    int64_t j0,
                                    bool diagonal) { sums.addTile(sq, l1, i0, j0, diagonal); };
        callbacks.pairs = [&](const at::Tensor& a, int64_t a0, const at::Tensor& b, int64_t b0) {
            visitBlockTiles(a, a0, b, b0, sums.tileSide(), add, context, stats);
        };
        runPanelPasses(source, plan, callbacks, "MMD kernel sums", context);
    }
    if (statsOut)
        *statsOut = stats;
    return sums.table();
}

std::optional<MmdTable> sharedMmdTable(const MemberRowSource& source,
                                       const std::vector<std::string>& groupOfMember,
                                       const MmdOptions& options, const UnitSharing& sharing,
                                       const JobContext& context,
                                       const StreamedMmdOptions& streaming,
                                       StreamedMmdStats* statsOut) {
    StreamedMmdStats stats;
    // Every process chooses the same bandwidths from the same subsets.
    MmdKernelSums sums(source, groupOfMember, options, streaming, context, stats);
    if (!sums.empty()) {
        const int64_t n = source.memberCount();
        const BlockPairPlan plan =
            planBlockPairs(n, source.parameterCount(), sharing.processes, sums.workingBytes(),
                           "the MMD kernel sums of " + std::to_string(n) + " members");
        stats.blockPairs = static_cast<int64_t>(plan.pairs.size());
        stats.processes = sharing.processes;
        BlockRowReader reader(source, plan);
        // A unit's sums start from zero (in a copy kept for the units); the collector adds them up.
        std::vector<double> collected(sums.sums().size(), 0.0);
        UnitWork work;
        work.units = plan.units();
        work.task = "MMD kernel sums";
        work.unitWords = "block pairs";
        // The bandwidths bit for bit: sums of other bandwidths never mix.
        const std::vector<double> bandwidths = sums.bandwidths();
        work.key = std::to_string(n) + " members of " + std::to_string(source.parameterCount()) +
                   " parameters in blocks of " + std::to_string(plan.blockRows) + ", tiles of " +
                   std::to_string(sums.tileSide()) + ", bandwidths " + doublesAsBytes(bandwidths);
        work.compute = [&](const std::vector<std::int64_t>& chunk, const JobContext& job) {
            sums.clear();
            const TileVisitor add = [&](const at::Tensor& sq, const at::Tensor& l1, int64_t i0,
                                        int64_t j0,
                                        bool diagonal) { sums.addTile(sq, l1, i0, j0, diagonal); };
            for (const std::int64_t unit : chunk) {
                const auto [i, j] = plan.pair(unit);
                visitBlockTiles(reader.block(i, job), plan.begin(i), reader.block(j, job),
                                plan.begin(j), sums.tileSide(), add, job, stats);
            }
            return doublesAsBytes(sums.sums());
        };
        work.take = [&](const std::vector<std::int64_t>&, const std::string& payload) {
            const std::vector<double> part = doublesFromBytes(payload, "MMD kernel sums");
            if (part.size() != collected.size())
                throw FormatError("work message", "MMD kernel sums of the wrong length");
            for (std::size_t k = 0; k < part.size(); ++k)
                collected[k] += part[k];
        };
        if (!sharing.run(work, context))
            return std::nullopt;
        sums.clear();
        sums.addSums(collected);
    } else if (!sharing.collects(context)) {
        return std::nullopt;
    }
    if (statsOut)
        *statsOut = stats;
    return sums.table();
}

std::string describeStreamedMmd(const StreamedMmdStats& stats) {
    const auto plural = [](int64_t count, const char* one, const char* many) {
        return std::to_string(count) + " " + (count == 1 ? one : many);
    };
    const std::string sums = stats.blockPairs > 0
                                 ? plural(stats.blockPairs, "block pair", "block pairs") +
                                       (stats.processes > 1 ? " of members shared over processes"
                                                            : " of members, committed as they come")
                                 : plural(stats.passes, "pass", "passes") + " over the members";
    return "streamed (" + sums + ", bandwidths from " +
           plural(stats.bandwidthMembers, "member", "members") + " in " +
           plural(stats.bandwidthPasses, "pass", "passes") + ")";
}

}  // namespace modescape::projection
