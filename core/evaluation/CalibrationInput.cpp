#include "core/evaluation/CalibrationInput.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <iterator>
#include <optional>

#include "core/calibration/TensorInput.h"
#include "core/common/Error.h"

namespace modescape::evaluation {

calibration::CalibrationSet loadCalibrationSet(LoadedSet& loaded,
                                               const std::vector<std::string>& names,
                                               const std::string& split, const JobContext& context,
                                               const PredictionCache& cache) {
    if (names.empty())
        throw InvalidArgument(loaded.set().folder + ": no member to calibrate");
    for (const auto& name : names) {
        if (!loaded.set().findMember(name))
            throw InvalidArgument(loaded.set().folder + ": no member named '" + name + "'");
    }
    const data::Dataset& data = loaded.dataset(split);
    const bool hasOod = loaded.hasRole("ood");
    const data::Dataset* ood = hasOod ? &loaded.dataset("ood") : nullptr;

    std::vector<at::Tensor> inside, outside;
    for (std::size_t i = 0; i < names.size(); ++i) {
        context.checkCancelled();
        context.report(double(i) / double(names.size()), "predictions of " + names[i]);
        const model::ParameterSet weights = loaded.weights(names[i]);
        inside.push_back(
            cache.probabilities(loaded.model(), loaded.modelDescription(), weights, data, context));
        if (ood)
            outside.push_back(cache.probabilities(loaded.model(), loaded.modelDescription(),
                                                  weights, *ood, context));
    }
    std::optional<calibration::MemberProbabilities> oodProbabilities;
    if (ood)
        oodProbabilities = calibration::memberProbabilitiesFromTensor(at::stack(outside));
    context.report(1.0, "predictions ready");
    return calibration::CalibrationSet(
        calibration::memberProbabilitiesFromTensor(at::stack(inside)),
        calibration::labelsFromTensor(data.labels), names, std::move(oodProbabilities));
}

std::vector<calibration::MemberGroup> memberGroups(const io::CheckpointSet& set,
                                                   const std::vector<std::string>& names) {
    std::vector<calibration::MemberGroup> groups;
    for (std::size_t i = 0; i < names.size(); ++i) {
        const io::SetMember* member = set.findMember(names[i]);
        const std::string group = member ? member->group : std::string();
        auto it = std::find_if(groups.begin(), groups.end(),
                               [&](const auto& g) { return g.name == group; });
        if (it == groups.end()) {
            groups.push_back({group, {}});
            it = std::prev(groups.end());
        }
        it->members.push_back(static_cast<std::int64_t>(i));
    }
    return groups;
}

}  // namespace modescape::evaluation
