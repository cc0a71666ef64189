#include "core/sampling/SgdTrainer.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>

#include <cmath>
#include <cstdio>

#include "core/common/Error.h"
#include "core/data/Dataset.h"

namespace modescape::sampling {
namespace {

double scheduledRate(const SgdOptions& o, int epoch) {
    // Flat for the first half, then linear down to the final factor (as in
    // Garipov et al.'s schedule, used here for every training run).
    const double t = double(epoch) / std::max(1, o.epochs);
    if (t <= 0.5 || o.finalLearningRateFactor == 1.0)
        return o.learningRate;
    const double fraction = std::min(1.0, (t - 0.5) / 0.4);
    return o.learningRate * (1.0 - fraction * (1.0 - o.finalLearningRateFactor));
}

}  // namespace

double trainSgd(const model::Model& model, model::ParameterSet& weights, const data::Dataset& train,
                const SgdOptions& options, const JobContext& context, const EpochCallback& onEpoch,
                double progressFrom, double progressTo) {
    if (options.epochs < 1 || options.batchSize < 1 || !(options.learningRate > 0))
        throw InvalidArgument(
            "SGD needs epochs >= 1, batch size >= 1 and a positive learning rate");
    const std::int64_t n = train.size();
    if (n == 0)
        throw InvalidArgument("SGD: the training set '" + train.spec + "' is empty");

    auto generator = at::make_generator<at::CPUGeneratorImpl>(options.seed);
    at::manual_seed(options.seed);  // dropout masks come from the global generator

    // Trainable leaves: parameters only; buffers are updated by train-mode BatchNorm.
    std::vector<std::string> names;
    std::vector<at::Tensor> leaves, velocity;
    for (const auto& e : weights.entries())
        if (e.role == model::TensorRole::Parameter && e.tensor.is_floating_point())
            names.push_back(e.name);
    for (const auto& name : names) {
        at::Tensor leaf = weights.at(name).detach().clone().set_requires_grad(true);
        weights.set(name, leaf);
        leaves.push_back(leaf);
        velocity.push_back(at::zeros_like(leaf));
    }

    model::ForwardOptions forward;
    forward.grad = true;
    forward.trainBatchNorm = model.hasBatchNorm();
    forward.dropout = options.dropout;

    double lastLoss = 0;
    std::int64_t step = 0;
    for (int epoch = 1; epoch <= options.epochs; ++epoch) {
        const double epochRate = scheduledRate(options, epoch);
        const at::Tensor order = at::randperm(n, generator, at::kLong);
        double lossSum = 0;
        std::int64_t batches = 0;
        for (std::int64_t start = 0; start < n; start += options.batchSize) {
            context.checkCancelled();
            const at::Tensor index = order.slice(0, start, std::min(n, start + options.batchSize));
            const at::Tensor x = train.inputs.index_select(0, index);
            const at::Tensor y = train.labels.index_select(0, index);
            for (auto& leaf : leaves)
                leaf.mutable_grad() = at::Tensor();
            const at::Tensor loss = at::cross_entropy_loss(model.forward(weights, x, forward), y);
            loss.backward();
            const double rate = step < options.warmupSteps
                                    ? epochRate * double(step + 1) / double(options.warmupSteps)
                                    : epochRate;
            ++step;
            {
                c10::AutoGradMode noGrad(false);
                for (std::size_t i = 0; i < leaves.size(); ++i) {
                    at::Tensor g = leaves[i].grad();
                    if (!g.defined())
                        continue;
                    if (options.weightDecay > 0)
                        g = g + options.weightDecay * leaves[i];
                    velocity[i].mul_(options.momentum).add_(g);
                    leaves[i].sub_(rate * velocity[i]);
                }
            }
            lossSum += loss.item<double>();
            ++batches;
        }
        lastLoss = lossSum / batches;
        if (!std::isfinite(lastLoss))
            throw Error("SGD diverged (loss " + std::to_string(lastLoss) + " at epoch " +
                        std::to_string(epoch) + "); lower the learning rate");
        context.report(progressFrom + (progressTo - progressFrom) * epoch / options.epochs,
                       "epoch " + std::to_string(epoch) + "/" + std::to_string(options.epochs) +
                           ", loss " + std::to_string(lastLoss));
        if (onEpoch)
            onEpoch(epoch, lastLoss, weights);
    }
    // Hand back plain tensors: no autograd history, no requires_grad.
    for (const auto& name : names)
        weights.set(name, weights.at(name).detach());
    return lastLoss;
}

void requireLearned(const std::string& what, double lastMeanLoss, std::int64_t classes) {
    const double uniform = std::log(double(classes));
    if (!(lastMeanLoss < 0.98 * uniform)) {
        char numbers[160];
        std::snprintf(numbers, sizeof numbers,
                      "its last epoch's mean training loss %.4f is no better than a uniform guess "
                      "over %lld classes (ln %lld = %.4f)",
                      lastMeanLoss, (long long)classes, (long long)classes, uniform);
        throw Error(what + " did not learn: " + numbers);
    }
}

double meanLoss(const model::Model& model, const model::ParameterSet& weights,
                const data::Dataset& dataset, std::int64_t batchSize) {
    c10::AutoGradMode noGrad(false);
    double sum = 0;
    const std::int64_t n = dataset.size();
    for (std::int64_t start = 0; start < n; start += batchSize) {
        const std::int64_t end = std::min(n, start + batchSize);
        const at::Tensor logits = model.forward(weights, dataset.inputs.slice(0, start, end));
        sum += at::cross_entropy_loss(logits, dataset.labels.slice(0, start, end), {},
                                      at::Reduction::Sum)
                   .item<double>();
    }
    return n ? sum / n : 0.0;
}

double accuracy(const model::Model& model, const model::ParameterSet& weights,
                const data::Dataset& dataset, std::int64_t batchSize) {
    c10::AutoGradMode noGrad(false);
    std::int64_t correct = 0;
    const std::int64_t n = dataset.size();
    for (std::int64_t start = 0; start < n; start += batchSize) {
        const std::int64_t end = std::min(n, start + batchSize);
        const at::Tensor logits = model.forward(weights, dataset.inputs.slice(0, start, end));
        correct +=
            logits.argmax(1).eq(dataset.labels.slice(0, start, end)).sum().item<std::int64_t>();
    }
    return n ? double(correct) / n : 0.0;
}

}  // namespace modescape::sampling
