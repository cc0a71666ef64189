#include "core/evaluation/CalibrationInput.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <iterator>
#include <optional>

#include "core/calibration/TensorInput.h"
#include "core/common/Error.h"
#include "core/common/JoinText.h"
#include "core/common/Log.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/ForwardCost.h"
#include "core/evaluation/NearChance.h"

namespace modescape::evaluation {

calibration::CalibrationSet loadCalibrationSet(LoadedSet& loaded,
                                               const std::vector<std::string>& names,
                                               const std::string& split, const JobContext& context,
                                               const PredictionCache& cache,
                                               std::vector<std::string>* leftOut) {
    if (names.empty())
        throw InvalidArgument(loaded.set().folder + ": no member to calibrate");
    for (const auto& name : names) {
        if (!loaded.set().findMember(name))
            throw InvalidArgument(loaded.set().folder + ": no member named '" + name + "'");
    }
    const data::Dataset& data = loaded.dataset(split);
    const bool hasOod = loaded.hasRole("ood");
    const data::Dataset* ood = hasOod ? &loaded.dataset("ood") : nullptr;

    warnIfLongForwardJob(loaded.model(), loaded.weights(names.front()), data,
                         std::int64_t(names.size()), data.size() + (ood ? ood->size() : 0),
                         "--members");
    std::vector<at::Tensor> inside, outside;
    std::vector<std::string> kept, left;
    for (std::size_t i = 0; i < names.size(); ++i) {
        context.checkCancelled();
        context.report(double(i) / double(names.size()), "predictions of " + names[i]);
        const model::ParameterSet weights = loaded.weights(names[i]);
        at::Tensor in =
            cache.probabilities(loaded.model(), loaded.modelDescription(), weights, data, context);
        at::Tensor out;
        if (ood)
            out = cache.probabilities(loaded.model(), loaded.modelDescription(), weights, *ood,
                                      context);
        // A member with NaN predictions is reported and left out, so that the
        // others' numbers and the model average stay numbers.
        const bool finite = finitePredictions(in) && (!ood || finitePredictions(out));
        if (!finite) {
            log::warning(
                describeNonFinite(names[i], finitePredictions(in) ? ood->spec : data.spec) +
                " It is left out of the calibration.");
            left.push_back(names[i]);
            continue;
        }
        kept.push_back(names[i]);
        inside.push_back(in);
        if (ood)
            outside.push_back(out);
    }
    if (leftOut)
        *leftOut = left;
    if (kept.empty())
        throw NonFinitePredictions(loaded.set().folder + ": every member to calibrate has " +
                                   "non-finite predictions (NaN or Inf): " + joinText(left));
    std::vector<double> accuracies;
    for (const auto& p : inside)
        accuracies.push_back(scoreProbabilities(p, data.labels).accuracy);
    if (const std::string warning = nearChanceWarning(accuracies, data, split); !warning.empty())
        log::warning(warning);
    std::optional<calibration::MemberProbabilities> oodProbabilities;
    if (ood)
        oodProbabilities = calibration::memberProbabilitiesFromTensor(at::stack(outside));
    context.report(1.0, "predictions ready");
    return calibration::CalibrationSet(
        calibration::memberProbabilitiesFromTensor(at::stack(inside)),
        calibration::labelsFromTensor(data.labels), kept, std::move(oodProbabilities));
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
