#include "core/evaluation/ResidentCalibration.h"

#include "core/calibration/TensorInput.h"
#include "core/common/Error.h"
#include "core/common/JoinText.h"
#include "core/common/Log.h"
#include "core/evaluation/NearChance.h"
#include "core/evaluation/SetMemberReader.h"
#include "core/jobs/ProgressPart.h"

namespace modescape::evaluation {
namespace {

// Everything that changes the members' rows or the sums' shape: another key
// makes a new live calibration (the predictions are kept unless the split changed).
std::string keyOf(const std::string& split, const calibration::StreamedCalibrationOptions& o) {
    const calibration::EvaluationOptions& e = o.calibration.evaluation;
    return split + '\n' + std::to_string(e.bins) + ' ' + std::to_string(int(e.tableStrategy)) +
           ' ' + std::to_string(int(e.extendedMetrics)) + ' ' +
           std::to_string(e.bootstrap.resamples) + ' ' + std::to_string(e.bootstrap.seed) + ' ' +
           std::to_string(int(o.calibration.oodScore)) + ' ' +
           std::to_string(int(o.calibration.perMember)) + ' ' + std::to_string(int(o.groups)) +
           ' ' + std::to_string(o.workingBytes);
}

std::string splitOf(const std::string& key) {
    return key.substr(0, key.find('\n'));
}

}  // namespace

ResidentCalibration::ResidentCalibration(double budgetBytes) : budgetBytes_(budgetBytes) {}
ResidentCalibration::~ResidentCalibration() = default;

std::int64_t ResidentCalibration::residentMembers() const {
    std::lock_guard lock(mutex_);
    return live_ ? live_->members() : 0;
}

std::int64_t ResidentCalibration::membersRead() const {
    std::lock_guard lock(mutex_);
    return read_;
}

void ResidentCalibration::rebuild(const std::string& key, const std::vector<std::int64_t>& labels,
                                  const calibration::StreamedCalibrationOptions& options,
                                  const std::set<std::string>& keep) {
    calibration::LiveCalibrationOptions liveOptions;
    liveOptions.streamed = options;
    auto next = std::make_unique<calibration::LiveCalibration>(labels, liveOptions);
    std::map<std::string, std::int64_t> ids;
    if (live_ && splitOf(key) == splitOf(key_)) {
        for (const auto& [name, id] : ids_)
            if (keep.count(name))
                ids[name] = next->addMember(live_->prediction(id), name, live_->group(id));
    } else {
        nonFinite_.clear();
    }
    live_ = std::move(next);
    ids_ = std::move(ids);
    key_ = key;
}

std::optional<SetCalibration> ResidentCalibration::calibrate(
    LoadedSet& loaded, const std::vector<std::string>& names, const std::string& split,
    const calibration::StreamedCalibrationOptions& options, const JobContext& context,
    const PredictionCache& cache) {
    if (options.calibration.pairwise || options.calibration.ensembleSizeCurve ||
        options.keepSampleUncertainty)
        return std::nullopt;
    std::lock_guard lock(mutex_);
    const data::Dataset& data = loaded.dataset(split);
    const std::vector<std::int64_t> labels = calibration::labelsFromTensor(data.labels);
    const std::string key = keyOf(split, options);
    std::set<std::string> wanted(names.begin(), names.end());
    if (!live_ || key != key_) {
        std::set<std::string> all;
        for (const auto& [name, id] : ids_)
            all.insert(name);
        rebuild(key, labels, options, all);
    }

    std::vector<std::string> missing;
    for (const auto& name : names)
        if (!ids_.count(name) && !nonFinite_.count(name))
            missing.push_back(name);
    if (!missing.empty() && live_->members() > 0) {
        // Room for the missing members: let go of those outside the selection,
        // and stream when the selection alone does not fit.
        const double perMember = live_->residentBytes() / double(live_->members());
        const double selection = perMember * double(wanted.size());
        if (selection > budgetBytes_)
            return std::nullopt;
        if (live_->residentBytes() + perMember * double(missing.size()) > budgetBytes_)
            rebuild(key, labels, options, wanted);
    }

    std::vector<double> accuracies;
    if (!missing.empty()) {
        const MemberReader reader(loaded, missing, split, cache);
        for (std::size_t i = 0; i < missing.size(); ++i) {
            context.checkCancelled();
            const double from = 0.9 * double(i) / double(missing.size());
            const double to = 0.9 * double(i + 1) / double(missing.size());
            context.report(from, "predictions of " + missing[i] + " (" + std::to_string(i + 1) +
                                     " / " + std::to_string(missing.size()) + ")");
            const auto predictions = reader.readFinite(missing[i], progressPart(context, from, to));
            ++read_;
            if (!predictions) {
                nonFinite_.insert(missing[i]);
                continue;
            }
            const io::SetMember* member = loaded.set().findMember(missing[i]);
            const std::int64_t id =
                live_->addMember(std::make_shared<const calibration::MemberPrediction>(
                                     onePrediction(predictions->first, predictions->second)),
                                 missing[i], member ? member->group : std::string());
            ids_[missing[i]] = id;
            accuracies.push_back(live_->row(id).accuracy);
        }
    }

    SetCalibration result;
    std::vector<std::int64_t> selection;
    for (const auto& name : names) {
        if (nonFinite_.count(name)) {
            result.leftOut.push_back(name);
            continue;
        }
        selection.push_back(ids_.at(name));
        result.names.push_back(name);
    }
    if (selection.empty())
        throw NonFinitePredictions(
            loaded.set().folder + ": every member to calibrate has " +
            "non-finite predictions (NaN or Inf): " + joinText(result.leftOut));
    // Said once, when members are first read, not at every selection change.
    if (options.calibration.perMember && !accuracies.empty())
        if (const std::string warning = nearChanceWarning(accuracies, data, split);
            !warning.empty())
            log::warning(warning);
    context.report(0.9, "calibration of the selection (" + std::to_string(selection.size()) +
                            " members, from memory)");
    live_->select(selection, context);
    result.report = live_->report(context);
    context.report(1.0, "calibration done");
    return result;
}

}  // namespace modescape::evaluation
