#include "core/landscape/GridEvaluator.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/common/OneIntraOpThread.h"
#include "core/common/SingleThreadedBlas.h"
#include "core/landscape/CpuKernels.h"
#include "core/landscape/FastGridForward.h"
#include "core/model/BatchNormRecompute.h"
#include "core/model/BuiltinModel.h"
#include "core/model/Evaluate.h"

namespace modescape::landscape {

namespace {

at::Device torchDevice(DeviceKind kind) {
    return kind == DeviceKind::Cuda ? at::Device(at::kCUDA) : at::Device(at::kCPU);
}

// Batches of equal size (the last one at most smaller) no larger than cap.
std::int64_t evenBatch(std::int64_t n, std::int64_t cap) {
    cap = std::clamp<std::int64_t>(cap, 1, std::max<std::int64_t>(n, 1));
    const std::int64_t batches = (n + cap - 1) / cap;
    return (n + batches - 1) / batches;
}

// An explicit --points-per-forward or --batch-size is taken as given, so one
// forward could need more memory than there is: K weight sets (and their
// directions' terms) plus the activations of K x batch samples, in float32.
void requireForwardMemory(std::int64_t k, std::int64_t batch, std::int64_t weightFloats,
                          std::int64_t floatsPerSample) {
    const double floats = static_cast<double>(k) *
                          (2.0 * static_cast<double>(weightFloats) +
                           static_cast<double>(batch) * static_cast<double>(floatsPerSample));
    requireMemory(4.0 * floats, "a landscape forward of " + std::to_string(k) + " points x " +
                                    std::to_string(batch) + " samples");
}

// Means over the n samples; no accuracy where the loss is not finite.
std::vector<PointMetrics> fastMetrics(const PointSums& sums, std::int64_t n) {
    std::vector<PointMetrics> out;
    for (std::size_t i = 0; i < sums.loss.size(); ++i) {
        const double loss = sums.loss[i] / static_cast<double>(n);
        out.push_back({loss, std::isfinite(loss)
                                 ? static_cast<double>(sums.correct[i]) / static_cast<double>(n)
                                 : std::numeric_limits<double>::quiet_NaN()});
    }
    return out;
}

}  // namespace

GridEvaluator::GridEvaluator(const model::Model& model, const LandscapeDirections& directions,
                             const EvaluationData& data, const LandscapeSettings& settings,
                             DeviceKind device, CpuForward cpuForward)
    : model_(model), engine_(settings.engine) {
    if (!data.inputs.defined() || data.inputs.dim() < 1 || data.inputs.size(0) == 0)
        throw InvalidArgument("landscape: no data to evaluate on");
    if (!data.labels.defined() || data.labels.dim() != 1 ||
        data.labels.size(0) != data.inputs.size(0))
        throw InvalidArgument("landscape: the data needs one integer label per sample");
    const at::Device dev = torchDevice(device);
    const auto options = at::TensorOptions(dev);
    center_ = directions.center.to(options);
    x_ = directions.x.to(options);
    y_ = directions.y.to(options);
    inputs_ = data.inputs.to(dev, at::kFloat);
    labels_ = data.labels.to(dev, at::kLong);
    for (const auto& b : data.batchNormBatches)
        batchNormBatches_.push_back(b.to(dev, at::kFloat));

    const std::int64_t n = inputs_.size(0);
    const std::int64_t budgetFloats = settings.memoryBudgetMiB * (1 << 20) / 4;
    // On the CPU, big forwards are slower per sample (model::cpuBatchLimit).
    const std::int64_t cpuCap =
        dev.is_cpu() ? model::cpuBatchLimit(inputs_) : std::numeric_limits<std::int64_t>::max();
    const std::int64_t perSample = model::activationFloatsPerSample(inputs_);
    const std::int64_t weightFloats = std::max<std::int64_t>(center_.numel(), 1);
    if (engine_ == Engine::Naive) {
        pointsPerForward_ = 1;
        batchSize_ = settings.batchSize > 0
                         ? std::min(settings.batchSize, n)
                         : evenBatch(n, std::min(budgetFloats / perSample, cpuCap));
        requireForwardMemory(pointsPerForward_, batchSize_, weightFloats, perSample);
        return;
    }
    // Our own forward: its memory is the per-surface first-layer outputs (at
    // most half the budget) and small per-worker chunks; K only sizes the
    // per-point weights. BatchNorm recomputation needs LibTorch's train mode
    // (neither covered model has BatchNorm, so it is never asked for there).
    const bool recomputesBatchNorm = !batchNormBatches_.empty() && model_.hasBatchNorm();
    if (dev.is_cpu() && cpuForward == CpuForward::Auto && !recomputesBatchNorm)
        fast_ = makeFastGridForward(model_, center_, x_, y_, inputs_, labels_,
                                    settings.memoryBudgetMiB * (1 << 20) / 2);
    if (fast_) {
        batchSize_ = fast_->chunkSamples();
        const std::int64_t byWeights = budgetFloats / (4 * weightFloats);
        pointsPerForward_ = settings.pointsPerForward > 0
                                ? settings.pointsPerForward
                                : static_cast<int>(std::clamp<std::int64_t>(byWeights, 1, 64));
        return;
    }
    // On the CPU, LibTorch's grouped kernels are slower than its ordinary
    // forwards (ForwardOptions::BatchedKernels::Auto), so the engine does the
    // naive engine's forwards, batch for batch, never more work: a model whose
    // forward keeps no state gets one point per intra-op thread, side by side,
    // each forward on one thread (LibTorch's ops on two threads meet at a
    // barrier each and run their small loops on one anyway); otherwise one
    // point after the other. Elsewhere (grouped kernels) aim for at least 16
    // points per forward, then fit K to the batch.
    const bool oneWeightSetAtATime = dev.is_cpu();
    // Our built-in architectures are functions of the weights alone; a
    // TorchScript module's forwards take turns (its attributes are swapped).
    // Workers x BLAS threads must not exceed the cores: side by side only with
    // a BLAS held to one thread per worker (OpenBLAS; cpu::forEachChunk).
    const bool concurrentForwards = dynamic_cast<const model::BuiltinModel*>(&model_) != nullptr;
    if (oneWeightSetAtATime && concurrentForwards && SingleThreadedBlas().active())
        sideBySide_ = std::max(1, at::get_num_threads());
    const std::int64_t perForward = oneWeightSetAtATime ? sideBySide_ : 16;
    batchSize_ = settings.batchSize > 0
                     ? std::min(settings.batchSize, n)
                     : evenBatch(n, std::min(budgetFloats / (perSample * perForward), cpuCap));
    const std::int64_t byActivations =
        oneWeightSetAtATime ? budgetFloats : budgetFloats / (perSample * batchSize_);
    const std::int64_t byWeights = budgetFloats / (4 * weightFloats);
    // Side by side, a group is one point per worker (progress soonest), or up
    // to 16 where points are short: each group starts its threads anew, and
    // LibTorch re-creates its thread pool for each new thread, which cost
    // W1's two-moons MLP as much as its forwards.
    const std::int64_t pointFloats = std::max<std::int64_t>(perSample * n, 1);
    const std::int64_t wanted =
        sideBySide_ > 1 ? sideBySide_ * std::clamp<std::int64_t>((32 << 20) / pointFloats, 1, 16)
                        : 64;
    pointsPerForward_ = settings.pointsPerForward > 0
                            ? settings.pointsPerForward
                            : static_cast<int>(std::clamp<std::int64_t>(
                                  std::min({byActivations, byWeights, wanted}), 1, 64));
    const std::int64_t gridPoints = static_cast<std::int64_t>(settings.nx()) * settings.ny();
    const std::int64_t k = std::min<std::int64_t>(pointsPerForward_, gridPoints);
    if (oneWeightSetAtATime) {
        // K weight sets and their directions' terms, a forward's activations per worker.
        const double inFlight = static_cast<double>(std::min<std::int64_t>(sideBySide_, k));
        requireMemory(
            4.0 * (2.0 * static_cast<double>(k) * static_cast<double>(weightFloats) +
                   inFlight * static_cast<double>(batchSize_) * static_cast<double>(perSample)),
            "a landscape forward of " + std::to_string(k) + " points x " +
                std::to_string(batchSize_) + " samples");
        return;
    }
    requireForwardMemory(k, batchSize_, weightFloats, perSample);
}

bool GridEvaluator::firstLayerCached() const {
    return fast_ && fast_->firstLayerCached();
}

model::ParameterSet GridEvaluator::weightsAt(const std::vector<GridPoint>& points) const {
    const auto k = static_cast<std::int64_t>(points.size());
    auto a = at::empty({k}, at::kDouble), b = at::empty({k}, at::kDouble);
    for (std::int64_t i = 0; i < k; ++i) {
        a.data_ptr<double>()[i] = points[i].a;
        b.data_ptr<double>()[i] = points[i].b;
    }
    const auto device = inputs_.device();
    a = a.to(device, at::kFloat);
    b = b.to(device, at::kFloat);
    model::ParameterSet w;
    for (const auto& e : center_.entries()) {
        const auto& c = e.tensor;
        std::vector<std::int64_t> coeffShape(c.dim() + 1, 1);
        coeffShape[0] = k;
        auto expanded = c.sizes().vec();
        expanded.insert(expanded.begin(), k);
        at::Tensor t = c.unsqueeze(0).expand(expanded);
        if (const auto dx = x_.find(e.name); dx.defined())
            t = t + a.view(coeffShape) * dx.unsqueeze(0);
        if (const auto dy = y_.find(e.name); dy.defined())
            t = t + b.view(coeffShape) * dy.unsqueeze(0);
        w.add(e.name, t.contiguous(), e.role);
    }
    return w;
}

model::ParameterSet GridEvaluator::singleWeightsAt(const GridPoint& p) const {
    model::ParameterSet w;
    for (const auto& e : center_.entries()) {
        at::Tensor t = e.tensor;
        if (const auto dx = x_.find(e.name); dx.defined())
            t = t + static_cast<float>(p.a) * dx;
        if (const auto dy = y_.find(e.name); dy.defined())
            t = t + static_cast<float>(p.b) * dy;
        w.add(e.name, t.is_same(e.tensor) ? t.clone() : t, e.role);
    }
    return w;
}

std::vector<PointMetrics> GridEvaluator::evaluate(const std::vector<GridPoint>& points,
                                                  const JobContext& job) const {
    at::NoGradGuard noGrad;
    if (points.empty())
        return {};
    const bool batched = engine_ == Engine::Batched;
    if (batched && fast_)
        return fastMetrics(fast_->evaluate(points, job), inputs_.size(0));
    if (batched && sideBySide_ > 1 && points.size() > 1)
        return sideBySide(points, job);
    if (batched)
        return onLibTorch(points, true, job);
    // Naive: one point at a time, the reference algorithm.
    std::vector<PointMetrics> out;
    for (const auto& p : points)
        out.push_back(onLibTorch({p}, false, job).front());
    return out;
}

std::vector<PointMetrics> GridEvaluator::sideBySide(const std::vector<GridPoint>& points,
                                                    const JobContext& job) const {
    // Each worker holds one LibTorch thread for itself and takes the next point.
    std::vector<PointMetrics> out(points.size());
    cpu::forEachChunk<OneIntraOpThread>(static_cast<std::int64_t>(points.size()),
                                        [&](std::int64_t i, OneIntraOpThread&) {
                                            const auto at = static_cast<std::size_t>(i);
                                            out[at] = onLibTorch({points[at]}, false, job).front();
                                        });
    return out;
}

std::vector<PointMetrics> GridEvaluator::onLibTorch(const std::vector<GridPoint>& points,
                                                    bool batched, const JobContext& job) const {
    at::NoGradGuard noGrad;  // grad mode is per thread: side by side, each sets its own
    const auto k = static_cast<std::int64_t>(points.size());
    model::ParameterSet w = batched ? weightsAt(points) : singleWeightsAt(points.front());
    if (!batchNormBatches_.empty() && model_.hasBatchNorm()) {
        JobContext quiet;
        quiet.cancel = job.cancel;
        quiet.device = job.device;
        w = model::recomputeBatchNorm(model_, w, batchNormBatches_, quiet);
    }
    const auto device = inputs_.device();
    auto lossSum = at::zeros({k}, at::TensorOptions(device).dtype(at::kDouble));
    auto correct = at::zeros({k}, at::TensorOptions(device).dtype(at::kLong));
    const std::int64_t n = inputs_.size(0);
    for (std::int64_t start = 0; start < n; start += batchSize_) {
        job.checkCancelled();
        const auto count = std::min(batchSize_, n - start);
        const auto x = inputs_.narrow(0, start, count);
        const auto y = labels_.narrow(0, start, count);
        // [K, B, C] either way.
        const at::Tensor logits =
            batched ? model_.forwardBatched(w, x) : model_.forward(w, x).unsqueeze(0);
        if (start == 0)
            model::requireLabelsWithin(labels_, logits.size(2));
        const auto logp = at::log_softmax(logits.to(at::kDouble), 2);
        const auto picked = logp.gather(2, y.view({1, count, 1}).expand({k, count, 1})).squeeze(2);
        lossSum -= picked.sum(1);
        correct += logits.argmax(2).eq(y.unsqueeze(0)).sum(1);
    }
    const auto loss = (lossSum / static_cast<double>(n)).to(at::kCPU);
    const auto acc = (correct.to(at::kDouble) / static_cast<double>(n)).to(at::kCPU);
    std::vector<PointMetrics> out(static_cast<std::size_t>(k));
    for (std::int64_t i = 0; i < k; ++i) {
        const double l = loss[i].item<double>();
        // Non-finite logits (NaN weights) make argmax meaningless: no accuracy then.
        out[i] = {
            l, std::isfinite(l) ? acc[i].item<double>() : std::numeric_limits<double>::quiet_NaN()};
    }
    return out;
}

void fillGrid(const GridEvaluator& evaluator, LandscapeResult& result, const JobContext& job,
              const RowReport& onRow) {
    const int nx = result.nx(), ny = result.ny();
    // From here on the mask says what is computed: a NaN loss is a value too.
    result.computed = result.computedMask();
    std::vector<std::size_t> todo;
    std::vector<int> remaining(static_cast<std::size_t>(ny), 0);
    for (int iy = 0; iy < ny; ++iy)
        for (int ix = 0; ix < nx; ++ix)
            if (!result.computed[result.index(ix, iy)]) {
                todo.push_back(result.index(ix, iy));
                ++remaining[iy];
            }
    result.seconds = 0.0;
    result.pointsComputedLastRun = 0;
    const auto start = std::chrono::steady_clock::now();
    const std::size_t group = static_cast<std::size_t>(evaluator.pointsPerForward());
    for (std::size_t first = 0; first < todo.size(); first += group) {
        job.checkCancelled();
        const std::size_t count = std::min(group, todo.size() - first);
        std::vector<GridPoint> points;
        for (std::size_t i = first; i < first + count; ++i)
            points.push_back({result.xs[todo[i] % nx], result.ys[todo[i] / nx]});
        const auto values = evaluator.evaluate(points, job);
        std::vector<int> finishedRows;
        for (std::size_t i = 0; i < count; ++i) {
            const auto index = todo[first + i];
            result.loss[index] = values[i].loss;
            result.accuracy[index] = values[i].accuracy;
            result.computed[index] = 1;
            const int iy = static_cast<int>(index / nx);
            if (--remaining[iy] == 0 || ny == 1)
                if (finishedRows.empty() || finishedRows.back() != iy)
                    finishedRows.push_back(iy);
        }
        result.pointsComputedLastRun += static_cast<std::int64_t>(count);
        result.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        job.report(static_cast<double>(first + count) / static_cast<double>(todo.size()),
                   "landscape: " + std::to_string(first + count) + " of " +
                       std::to_string(todo.size()) + " points");
        if (onRow)
            for (int iy : finishedRows)
                onRow(result, iy);
    }
}

}  // namespace modescape::landscape
