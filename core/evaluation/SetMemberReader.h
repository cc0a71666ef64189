#pragma once
// A set's members on a split (and on the OOD split when the set has one),
// read one at a time from the predictions cache (evaluated and stored when a
// member is not cached). Shared by the streamed calibration (calibrateSet)
// and the live one (ResidentCalibration), so both read members alike.

#include <ATen/ATen.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/calibration/MemberPredictionSource.h"
#include "core/calibration/TensorInput.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/ForwardCost.h"
#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/PredictionCache.h"
#include "core/jobs/Progress.h"

namespace modescape::evaluation {

// A set's members on a split (and the OOD split), read one at a time.
class MemberReader {
  public:
    MemberReader(LoadedSet& loaded, const std::vector<std::string>& names, const std::string& split,
                 const PredictionCache& cache)
        : loaded_(loaded), cache_(cache) {
        if (names.empty())
            throw InvalidArgument(loaded.set().folder + ": no member to calibrate");
        for (const auto& name : names) {
            if (!loaded.set().findMember(name))
                throw InvalidArgument(loaded.set().folder + ": no member named '" + name + "'");
        }
        data_ = &loaded.dataset(split);
        if (loaded.hasRole("ood"))
            ood_ = &loaded.dataset("ood");
        warnIfLongForwardJob(loaded.model(), loaded.weights(names.front()), *data_,
                             std::int64_t(names.size()), data_->size() + (ood_ ? ood_->size() : 0),
                             "--members");
    }

    const data::Dataset& data() const { return *data_; }
    bool hasOod() const { return ood_ != nullptr; }

    // [S, C] on the split and on the OOD split (undefined without one).
    std::pair<at::Tensor, at::Tensor> read(const std::string& name,
                                           const JobContext& context) const {
        const model::ParameterSet weights = loaded_.weights(name);
        at::Tensor in = cache_.probabilities(loaded_.model(), loaded_.modelDescription(), weights,
                                             *data_, context);
        at::Tensor out;
        if (ood_)
            out = cache_.probabilities(loaded_.model(), loaded_.modelDescription(), weights, *ood_,
                                       context);
        return {in, out};
    }

    // The same, or nothing after a warning when the predictions are not
    // finite: such a member is left out, so that the others' numbers and the
    // model average stay numbers.
    std::optional<std::pair<at::Tensor, at::Tensor>> readFinite(const std::string& name,
                                                                const JobContext& context) const {
        auto [in, out] = read(name, context);
        if (finitePredictions(in) && (!ood_ || finitePredictions(out)))
            return std::make_pair(in, out);
        log::warning(describeNonFinite(name, finitePredictions(in) ? ood_->spec : data_->spec) +
                     " It is left out of the calibration.");
        return std::nullopt;
    }

  private:
    LoadedSet& loaded_;
    const PredictionCache& cache_;
    const data::Dataset* data_ = nullptr;
    const data::Dataset* ood_ = nullptr;
};

// One member's [S, C] probabilities (and the OOD split's, undefined without
// one) as the one-member caches core/calibration reads.
inline calibration::MemberPrediction onePrediction(const at::Tensor& in, const at::Tensor& out) {
    std::optional<calibration::MemberProbabilities> outside;
    if (out.defined())
        outside = calibration::memberProbabilitiesFromTensor(out.unsqueeze(0));
    return {calibration::memberProbabilitiesFromTensor(in.unsqueeze(0)), std::move(outside)};
}

}  // namespace modescape::evaluation
