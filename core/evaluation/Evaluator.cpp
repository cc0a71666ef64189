#include "core/evaluation/Evaluator.h"

#include <ATen/ATen.h>
#include <c10/core/GradMode.h>

#include "core/data/Dataset.h"

namespace modescape::evaluation {

at::Tensor predictProbabilities(const model::Model& model, const model::ParameterSet& weights,
                                const data::Dataset& dataset, const JobContext& context,
                                const EvaluationOptions& options, double progressFrom, double progressTo) {
    c10::AutoGradMode noGrad(false);
    const at::Device device = context.device == DeviceKind::Cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
    const model::ParameterSet onDevice =
        device.is_cpu() ? weights : weights.to(at::TensorOptions().device(device).dtype(at::kFloat));
    const std::int64_t n = dataset.size();
    std::vector<at::Tensor> parts;
    for (std::int64_t start = 0; start < n; start += options.batchSize) {
        context.checkCancelled();
        const std::int64_t end = std::min(n, start + options.batchSize);
        const at::Tensor x = dataset.inputs.slice(0, start, end).to(device);
        parts.push_back(at::softmax(model.forward(onDevice, x), 1).to(at::kCPU, at::kFloat));
        context.report(progressFrom + (progressTo - progressFrom) * double(end) / n, "evaluating");
    }
    return parts.empty() ? at::empty({0, 0}) : at::cat(parts, 0);
}

Scores scoreProbabilities(const at::Tensor& probabilities, const at::Tensor& labels) {
    Scores s;
    if (labels.numel() == 0) return s;
    const at::Tensor p = probabilities.to(at::kDouble);
    s.accuracy = p.argmax(1).eq(labels).to(at::kDouble).mean().item<double>();
    s.nll = -p.gather(1, labels.unsqueeze(1)).clamp_min(1e-12).log().mean().item<double>();
    return s;
}

}  // namespace modescape::evaluation
