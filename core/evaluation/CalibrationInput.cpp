#include "core/evaluation/CalibrationInput.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <iterator>
#include <memory>
#include <optional>

#include "core/calibration/TensorInput.h"
#include "core/common/Error.h"
#include "core/common/JoinText.h"
#include "core/common/Log.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/ForwardCost.h"
#include "core/evaluation/NearChance.h"
#include "core/evaluation/SetMemberReader.h"
#include "core/jobs/ProgressPart.h"

namespace modescape::evaluation {
namespace {

void warnIfNearChance(const std::vector<double>& accuracies, const data::Dataset& data,
                      const std::string& split) {
    if (const std::string warning = nearChanceWarning(accuracies, data, split); !warning.empty())
        log::warning(warning);
}

// The members kept, again from the cache, for the passes that read them twice.
class KeptMembers : public calibration::MemberPredictionSource {
  public:
    KeptMembers(const MemberReader& reader, const std::vector<std::string>& names)
        : reader_(reader), names_(names) {}
    std::int64_t members() const override { return std::int64_t(names_.size()); }
    std::shared_ptr<const calibration::MemberPrediction> read(
        std::int64_t member, const JobContext& context) const override {
        context.checkCancelled();
        // The pass reading this member reports its own progress; a forward
        // (a member not cached) must not report fractions of its own into it.
        JobContext quiet = context;
        quiet.progress = [](double, const std::string&) {};
        const auto [in, out] = reader_.read(names_.at(std::size_t(member)), quiet);
        return std::make_shared<const calibration::MemberPrediction>(onePrediction(in, out));
    }

  private:
    const MemberReader& reader_;
    const std::vector<std::string>& names_;
};

}  // namespace

calibration::CalibrationSet loadCalibrationSet(LoadedSet& loaded,
                                               const std::vector<std::string>& names,
                                               const std::string& split, const JobContext& context,
                                               const PredictionCache& cache,
                                               std::vector<std::string>* leftOut) {
    const MemberReader reader(loaded, names, split, cache);
    const data::Dataset& data = reader.data();
    std::vector<at::Tensor> inside, outside;
    std::vector<std::string> kept, left;
    for (std::size_t i = 0; i < names.size(); ++i) {
        context.checkCancelled();
        const double from = double(i) / double(names.size());
        const double to = double(i + 1) / double(names.size());
        context.report(from, "predictions of " + names[i]);
        const auto predictions = reader.readFinite(names[i], progressPart(context, from, to));
        if (!predictions) {
            left.push_back(names[i]);
            continue;
        }
        kept.push_back(names[i]);
        inside.push_back(predictions->first);
        if (reader.hasOod())
            outside.push_back(predictions->second);
    }
    if (leftOut)
        *leftOut = left;
    if (kept.empty())
        throw NonFinitePredictions(loaded.set().folder + ": every member to calibrate has " +
                                   "non-finite predictions (NaN or Inf): " + joinText(left));
    std::vector<double> accuracies;
    for (const auto& p : inside)
        accuracies.push_back(scoreProbabilities(p, data.labels).accuracy);
    warnIfNearChance(accuracies, data, split);
    std::optional<calibration::MemberProbabilities> oodProbabilities;
    if (reader.hasOod())
        oodProbabilities = calibration::memberProbabilitiesFromTensor(at::stack(outside));
    context.report(1.0, "predictions ready");
    return calibration::CalibrationSet(
        calibration::memberProbabilitiesFromTensor(at::stack(inside)),
        calibration::labelsFromTensor(data.labels), kept, std::move(oodProbabilities));
}

SetCalibration calibrateSet(LoadedSet& loaded, const std::vector<std::string>& names,
                            const std::string& split,
                            const calibration::StreamedCalibrationOptions& options,
                            const JobContext& context, const PredictionCache& cache) {
    const MemberReader reader(loaded, names, split, cache);
    const data::Dataset& data = reader.data();
    calibration::StreamedCalibration calibration(calibration::labelsFromTensor(data.labels),
                                                 options);
    SetCalibration result;
    std::vector<double> accuracies;
    for (std::size_t i = 0; i < names.size(); ++i) {
        context.checkCancelled();
        const double from = 0.8 * double(i) / double(names.size());
        const double to = 0.8 * double(i + 1) / double(names.size());
        context.report(from, "calibration: member " + std::to_string(i + 1) + " / " +
                                 std::to_string(names.size()) + " (" + names[i] + ")");
        const auto predictions = reader.readFinite(names[i], progressPart(context, from, to));
        if (!predictions) {
            result.leftOut.push_back(names[i]);
            continue;
        }
        accuracies.push_back(scoreProbabilities(predictions->first, data.labels).accuracy);
        const io::SetMember* member = loaded.set().findMember(names[i]);
        calibration.add(onePrediction(predictions->first, predictions->second), names[i],
                        member ? member->group : std::string());
        result.names.push_back(names[i]);
    }
    if (result.names.empty())
        throw NonFinitePredictions(
            loaded.set().folder + ": every member to calibrate has " +
            "non-finite predictions (NaN or Inf): " + joinText(result.leftOut));
    warnIfNearChance(accuracies, data, split);
    const KeptMembers kept(reader, result.names);
    JobContext rest = context;
    rest.progress = [&](double fraction, const std::string& what) {
        context.report(0.8 + 0.2 * fraction, what);
    };
    result.report = calibration.finish(&kept, rest);
    result.samples = calibration.sampleUncertainties();
    return result;
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
