#include "core/analysis/ForwardJobEstimate.h"
#include "core/analysis/SpaceParameters.h"

#include <algorithm>

#include "core/analysis/SetWorkspace.h"
#include "core/evaluation/ForwardCost.h"

namespace modescape::analysis {

evaluation::ForwardCost forwardJobEstimate(SetWorkspace& workspace,
                                           const std::vector<std::string>& members,
                                           const std::string& role, std::int64_t samples,
                                           bool withOod) {
    if (members.empty())
        return {};
    return forwardJobEstimate(workspace, members.front(), std::int64_t(members.size()), role,
                              samples, withOod);
}

evaluation::ForwardCost forwardJobEstimate(SetWorkspace& workspace, const std::string& timedWith,
                                           std::int64_t count, const std::string& role,
                                           std::int64_t samples, bool withOod) {
    evaluation::LoadedSet& loaded = workspace.loaded();
    const data::Dataset& data = loaded.dataset(role);
    const std::int64_t used = samples > 0 ? std::min(samples, data.size()) : data.size();
    const auto weights = [&loaded, &timedWith] { return loaded.weights(timedWith); };
    evaluation::ForwardCost cost =
        evaluation::estimateForwardJob(loaded.model(), weights, data, count, used);
    if (withOod && role != "ood" && loaded.hasRole("ood")) {
        const data::Dataset& ood = loaded.dataset("ood");
        const evaluation::ForwardCost more =
            evaluation::estimateForwardJob(loaded.model(), weights, ood, count, ood.size());
        cost.flops += more.flops;
        cost.bytes += more.bytes;
        // One rate for both splits: whichever was measured (0 when neither was).
        cost.secondsPerSample = std::max(cost.secondsPerSample, more.secondsPerSample);
        cost.seconds = cost.secondsPerSample * double(count) * double(used + ood.size());
    }
    return cost;
}

std::optional<evaluation::ForwardCost> functionSpaceEstimate(SetWorkspace& workspace,
                                                             const ParameterValues& values) {
    const auto sample = functionSampleFrom(values);
    if (!sample)
        return std::nullopt;
    std::vector<std::string> names;
    for (const auto& member : workspace.set().members)
        names.push_back(member.name);
    return forwardJobEstimate(workspace, names, sample->split, sample->samples);
}

}  // namespace modescape::analysis
