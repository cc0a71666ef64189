#include "core/model/Evaluate.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <algorithm>

#include "core/common/Error.h"

namespace modescape::model {

std::int64_t activationFloatsPerSample(const at::Tensor& inputs) {
    const std::int64_t features =
        inputs.dim() < 1 || inputs.size(0) == 0 ? 1 : inputs.numel() / inputs.size(0);
    return 16 * features + 256;
}

std::int64_t cpuBatchLimit(const at::Tensor& inputs) {
    constexpr std::int64_t kActivationFloats = 6 << 20;
    return std::max<std::int64_t>(1, kActivationFloats / activationFloatsPerSample(inputs));
}

at::Tensor predictLogits(const Model& model, const ParameterSet& params, const at::Tensor& inputs,
                         const JobContext& job, const EvaluationOptions& options) {
    if (options.batchSize < 1)
        throw InvalidArgument("evaluation: batch size must be at least 1");
    if (!inputs.defined() || inputs.dim() < 1)
        throw ShapeMismatch(model.describe() + ": evaluation needs inputs [N, ...]");
    at::NoGradGuard noGrad;
    auto device = job.device == DeviceKind::Cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
    ParameterSet onDevice = device.is_cpu() ? params : params.to(at::TensorOptions(device));
    const auto n = inputs.size(0);
    const std::int64_t batch =
        device.is_cpu() ? std::min(options.batchSize, cpuBatchLimit(inputs)) : options.batchSize;
    std::vector<at::Tensor> parts;
    for (std::int64_t start = 0; start < n; start += batch) {
        job.checkCancelled();
        auto count = std::min(batch, n - start);
        auto x = inputs.narrow(0, start, count).to(device, at::kFloat);
        parts.push_back(model.forward(onDevice, x).to(at::kCPU));
        job.report(static_cast<double>(start + count) / static_cast<double>(n), "evaluating");
    }
    if (parts.empty())
        return at::empty({0, 0});
    return at::cat(parts);
}

LossAccuracy lossAndAccuracy(const at::Tensor& logits, const at::Tensor& labels) {
    if (logits.dim() != 2 || labels.dim() != 1 || logits.size(0) != labels.size(0))
        throw ShapeMismatch("loss: logits [N, C] and labels [N] disagree (" +
                            io::shapeToString(logits.sizes().vec()) + " vs " +
                            io::shapeToString(labels.sizes().vec()) + ")");
    LossAccuracy r;
    r.count = logits.size(0);
    if (r.count == 0)
        return r;
    requireLabelsWithin(labels, logits.size(1));
    auto y = labels.to(at::kLong);
    auto logp = at::log_softmax(logits.to(at::kDouble), 1);
    r.nll = -logp.gather(1, y.unsqueeze(1)).mean().item<double>();
    r.accuracy = logits.argmax(1).eq(y).to(at::kDouble).mean().item<double>();
    return r;
}

void requireLabelsWithin(const at::Tensor& labels, std::int64_t classes) {
    if (labels.numel() == 0)
        return;
    const at::Tensor bad = (labels < 0).logical_or(labels >= classes).nonzero();
    if (bad.size(0) == 0)
        return;
    const std::int64_t index = bad[0][0].item<std::int64_t>();
    throw ShapeMismatch("the data set's label " +
                        std::to_string(labels[index].item<std::int64_t>()) + " at index " +
                        std::to_string(index) + " is not one of the model's " +
                        std::to_string(classes) + " classes (0 .. " + std::to_string(classes - 1) +
                        "); do the data set and the model belong together?");
}

}  // namespace modescape::model
