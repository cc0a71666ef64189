#include "core/evaluation/Evaluator.h"

#include <ATen/ATen.h>

#include <limits>

#include "core/data/Dataset.h"
#include "core/evaluation/ForwardCost.h"
#include "core/model/Evaluate.h"

namespace modescape::evaluation {

at::Tensor predictProbabilities(const model::Model& model, const model::ParameterSet& weights,
                                const data::Dataset& dataset, const JobContext& context,
                                const EvaluationOptions& options, double progressFrom,
                                double progressTo) {
    // The batching, device and cancellation logic lives once, in model::predictLogits;
    // here its progress is mapped into [progressFrom, progressTo].
    JobContext scoped = context;
    scoped.progress = [&context, progressFrom, progressTo](double fraction,
                                                           const std::string& message) {
        context.report(progressFrom + (progressTo - progressFrom) * fraction, message);
    };
    // On the CPU a forward is also kept short enough for Cancel to answer
    // within a second (ForwardCost.h); a GPU runs the whole batch in far less.
    std::int64_t batch = options.batchSize;
    if (context.device == DeviceKind::Cpu && dataset.inputs.defined() && dataset.inputs.dim() >= 1)
        batch = cancellableBatch(estimateForwardFlops(model.parameterSpec(), dataset.sampleShape()),
                                 batch);
    const at::Tensor logits = model::predictLogits(model, weights.to(at::kFloat), dataset.inputs,
                                                   scoped, model::EvaluationOptions{batch});
    return logits.numel() == 0 ? logits : at::softmax(logits, 1).to(at::kFloat);
}

bool finitePredictions(const at::Tensor& probabilities) {
    return probabilities.numel() == 0 || at::isfinite(probabilities).all().item<bool>();
}

bool finiteWeights(const model::ParameterSet& weights) {
    for (const auto& e : weights.entries())
        if (e.tensor.is_floating_point() && !at::isfinite(e.tensor).all().item<bool>())
            return false;
    return true;
}

std::string describeNonFinite(const std::string& member, const std::string& dataSpec) {
    return "member " + member + ": non-finite predictions (NaN or Inf) on " + dataSpec +
           "; are its weights finite?";
}

Scores scoreProbabilities(const at::Tensor& probabilities, const at::Tensor& labels) {
    Scores s;
    if (labels.numel() == 0)
        return s;
    model::requireLabelsWithin(labels, probabilities.size(1));
    if (!finitePredictions(probabilities)) {
        s.finite = false;
        s.accuracy = s.nll = std::numeric_limits<double>::quiet_NaN();
        return s;
    }
    const at::Tensor p = probabilities.to(at::kDouble);
    s.accuracy = p.argmax(1).eq(labels).to(at::kDouble).mean().item<double>();
    s.nll = -p.gather(1, labels.unsqueeze(1)).clamp_min(1e-12).log().mean().item<double>();
    return s;
}

}  // namespace modescape::evaluation
