#include "core/connectivity/CurveTrainer.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <c10/core/GradMode.h>

#include <cmath>

#include "core/common/Error.h"
#include "core/data/Dataset.h"
#include "core/data/SeededRandom.h"

namespace modescape::connectivity {

double curveLearningRate(const CurveTraining& training, int epoch) {
    const double t = double(epoch) / std::max(1, training.epochs);
    double factor = 1.0;
    if (t >= 0.9)
        factor = training.finalRateFactor;
    else if (t > 0.5)
        factor = 1.0 - (t - 0.5) / 0.4 * (1.0 - training.finalRateFactor);
    return training.learningRate * factor;
}

std::vector<double> trainCurve(const model::Model& model, PathCurve& curve,
                               const data::Dataset& train, const CurveTraining& training,
                               const JobContext& job, const CurveEpochCallback& onEpoch,
                               double progressFrom, double progressTo) {
    PathSettings check;
    check.kind = PathKind::Bezier;
    check.training = training;
    validate(check);
    const int n = curve.bends();
    if (n < 3)
        throw InvalidArgument("connect: a curve with " + std::to_string(n) +
                              " control points has no middle bend to train");
    const std::int64_t size = train.size();
    if (size == 0)
        throw InvalidArgument("connect: the training set '" + train.spec + "' is empty");

    const at::Device device =
        job.device == DeviceKind::Cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
    const auto onDevice = at::TensorOptions(device);
    const at::Tensor inputs = train.inputs.to(device, at::kFloat);
    const at::Tensor labels = train.labels.to(device, at::kLong);

    // Trainable leaves: the floating-point parameters of the middle bends.
    auto& points = curve.points();
    for (auto& p : points)
        p = p.to(onDevice);
    std::vector<at::Tensor> leaves, velocity;
    for (int k = 1; k < n - 1; ++k) {
        for (const auto& e : points[k].entries()) {
            if (e.role != model::TensorRole::Parameter || !e.tensor.is_floating_point())
                continue;
            at::Tensor leaf = e.tensor.detach().clone().set_requires_grad(true);
            points[k].set(e.name, leaf);
            leaves.push_back(leaf);
            velocity.push_back(at::zeros_like(leaf));
        }
    }

    model::ForwardOptions forward;
    forward.grad = true;
    forward.trainBatchNorm = model.hasBatchNorm();

    auto generator = at::make_generator<at::CPUGeneratorImpl>(training.seed);
    data::SeededRandom tDraws(training.seed + 1);
    std::vector<double> epochLoss;
    for (int epoch = 0; epoch < training.epochs; ++epoch) {
        const double rate = curveLearningRate(training, epoch);
        const at::Tensor order = at::randperm(size, generator, at::kLong).to(device);
        double lossSum = 0;
        std::int64_t batches = 0;
        for (std::int64_t start = 0; start < size; start += training.batchSize) {
            job.checkCancelled();
            const at::Tensor index =
                order.slice(0, start, std::min(size, start + training.batchSize));
            const model::ParameterSet theta = curve.weightsAt(tDraws.uniform());
            for (auto& leaf : leaves)
                leaf.mutable_grad() = at::Tensor();
            const at::Tensor ce =
                at::cross_entropy_loss(model.forward(theta, inputs.index_select(0, index), forward),
                                       labels.index_select(0, index));
            at::Tensor loss = ce;
            if (training.weightDecay > 0) {
                at::Tensor squares = at::zeros({}, onDevice.dtype(at::kFloat));
                for (const auto& e : theta.entries())
                    if (e.role == model::TensorRole::Parameter && e.tensor.is_floating_point())
                        squares = squares + e.tensor.pow(2).sum();
                loss = loss + 0.5 * training.weightDecay * squares;
            }
            loss.backward();
            {
                c10::AutoGradMode noGrad(false);
                for (std::size_t i = 0; i < leaves.size(); ++i) {
                    const at::Tensor g = leaves[i].grad();
                    if (!g.defined())
                        continue;
                    velocity[i].mul_(training.momentum).add_(g);
                    leaves[i].sub_(rate * velocity[i]);
                }
            }
            lossSum += ce.item<double>();
            ++batches;
        }
        const double mean = lossSum / batches;
        if (!std::isfinite(mean))
            throw Error("connect: curve training diverged (loss " + std::to_string(mean) +
                        " at epoch " + std::to_string(epoch + 1) + "); lower --lr");
        epochLoss.push_back(mean);
        job.report(progressFrom + (progressTo - progressFrom) * (epoch + 1) / training.epochs,
                   "curve epoch " + std::to_string(epoch + 1) + "/" +
                       std::to_string(training.epochs) + ", loss " + std::to_string(mean));
        if (onEpoch)
            onEpoch(epoch + 1, mean);
    }
    // Hand back plain CPU tensors: no autograd history, no requires_grad.
    const auto cpu = at::TensorOptions(at::kCPU);
    for (auto& p : points) {
        model::ParameterSet plain;
        for (const auto& e : p.entries())
            plain.add(e.name, e.tensor.detach().to(cpu), e.role);
        p = plain;
    }
    return epochLoss;
}

}  // namespace modescape::connectivity
