#include "core/connectivity/PathEvaluator.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <cmath>
#include <limits>

#include "core/common/Error.h"
#include "core/data/Dataset.h"
#include "core/model/BatchNormRecompute.h"
#include "core/model/Evaluate.h"

namespace modescape::connectivity {
namespace {

// The job's cancellation without its progress: the inner loops would
// otherwise report their own fractions over the path's.
JobContext quietly(const JobContext& job) {
    JobContext quiet;
    quiet.cancel = job.cancel;
    quiet.device = job.device;
    return quiet;
}

model::LossAccuracy scoreOn(const model::Model& model, const model::ParameterSet& weights,
                            const data::Dataset& data, const PathSettings& settings,
                            const JobContext& quiet) {
    model::EvaluationOptions options;
    options.batchSize = settings.evaluationBatchSize;
    const at::Tensor logits = model::predictLogits(model, weights, data.inputs, quiet, options);
    return model::lossAndAccuracy(logits, data.labels);
}

// Whether `result` is one of `points` points to continue (arrays of the sizes
// evaluatePath gives them), rather than a new one.
bool continues(const PathResult& result, int points, bool withTest) {
    const auto n = static_cast<std::size_t>(points), tests = withTest ? n : 0;
    return result.t.size() == n && result.trainLoss.size() == n &&
           result.trainAccuracy.size() == n && result.testLoss.size() == tests &&
           result.testAccuracy.size() == tests;
}

// Whether point i of a result to continue was evaluated (its losses are there).
bool evaluated(const PathResult& result, int i, bool withTest) {
    const auto k = static_cast<std::size_t>(i);
    return !std::isnan(result.trainLoss[k]) && (!withTest || !std::isnan(result.testLoss[k]));
}

}  // namespace

std::vector<at::Tensor> batchNormBatches(const model::Model& model, const data::Dataset& train,
                                         std::int64_t maxSamples) {
    std::vector<at::Tensor> batches;
    if (!model.hasBatchNorm())
        return batches;
    constexpr std::int64_t kBatch = 256;  // BatchNorm statistics are per batch: keep them large
    const std::int64_t n = std::min(train.size(), std::max<std::int64_t>(maxSamples, 1));
    for (std::int64_t start = 0; start < n; start += kBatch)
        batches.push_back(train.inputs.narrow(0, start, std::min(kBatch, n - start)));
    return batches;
}

double parameterDistance(const model::ParameterSet& a, const model::ParameterSet& b) {
    at::NoGradGuard noGrad;
    double squares = 0.0;
    for (const auto& e : a.entries()) {
        if (e.role != model::TensorRole::Parameter || !e.tensor.is_floating_point())
            continue;
        const at::Tensor d =
            e.tensor.to(at::kDouble) - b.at(e.name).to(e.tensor.device(), at::kDouble);
        squares += d.pow(2).sum().item<double>();
    }
    return std::sqrt(squares);
}

void evaluatePath(const model::Model& model, const PathCurve& curve, const PathData& data,
                  const PathSettings& settings, PathResult& result, const JobContext& job,
                  const PathPointCallback& onPoint, double progressFrom, double progressTo) {
    if (!data.train)
        throw InvalidArgument("connect: evaluating a path needs the training split");
    if (settings.points < 2)
        throw InvalidArgument("connect: --points must be at least 2");
    requirePathMemory(settings.points);
    at::NoGradGuard noGrad;
    const int points = settings.points;
    const bool continuing = continues(result, points, data.test != nullptr);
    if (!continuing) {
        const double nan = std::numeric_limits<double>::quiet_NaN();
        result.t.resize(points);
        for (int i = 0; i < points; ++i)
            result.t[i] = double(i) / (points - 1);
        result.t.back() = 1.0;
        result.trainLoss.assign(points, nan);
        result.trainAccuracy.assign(points, nan);
        result.testLoss.assign(data.test ? points : 0, nan);
        result.testAccuracy.assign(data.test ? points : 0, nan);
    }
    result.length = 0.0;

    const std::vector<at::Tensor> bnBatches =
        batchNormBatches(model, *data.train, settings.batchNormSamples);
    const JobContext quiet = quietly(job);
    model::ParameterSet previous;
    for (int i = 0; i < points; ++i) {
        job.checkCancelled();
        model::ParameterSet theta = curve.weightsAt(result.t[i]);
        if (continuing && evaluated(result, i, data.test != nullptr)) {
            // Kept from the earlier run; theta only for the length, which
            // counts parameters (the same with or without BatchNorm recomputed).
            if (i > 0)
                result.length += parameterDistance(theta, previous);
            previous = theta;
            continue;
        }
        if (!bnBatches.empty())
            theta = model::recomputeBatchNorm(model, theta, bnBatches, quiet);
        const auto train = scoreOn(model, theta, *data.train, settings, quiet);
        result.trainLoss[i] = train.nll;
        result.trainAccuracy[i] = train.accuracy;
        if (data.test) {
            const auto test = scoreOn(model, theta, *data.test, settings, quiet);
            result.testLoss[i] = test.nll;
            result.testAccuracy[i] = test.accuracy;
        }
        if (i > 0)
            result.length += parameterDistance(theta, previous);
        previous = theta;
        result.trainBarrier = lossBarrier(result.t, result.trainLoss);
        if (data.test)
            result.testBarrier = lossBarrier(result.t, result.testLoss);
        job.report(progressFrom + (progressTo - progressFrom) * (i + 1) / points,
                   "path point " + std::to_string(i + 1) + "/" + std::to_string(points));
        if (onPoint)
            onPoint(result, i);
    }
    // Again here: a continued result may have had nothing left to evaluate.
    result.trainBarrier = lossBarrier(result.t, result.trainLoss);
    if (data.test)
        result.testBarrier = lossBarrier(result.t, result.testLoss);
    result.endpointDistance = parameterDistance(curve.points().front(), curve.points().back());
}

}  // namespace modescape::connectivity
