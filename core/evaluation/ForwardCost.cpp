#include "core/evaluation/ForwardCost.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <map>
#include <mutex>
#include <utility>

#include "core/common/Log.h"
#include "core/common/MemoryBudget.h"
#include "core/jobs/Eta.h"

namespace modescape::evaluation {

namespace {

// Measured seconds per sample, by network shape: the FLOPs of one sample
// (which the weight shapes and the input size give) and the input shape.
std::mutex rateMutex;
std::map<std::pair<double, std::vector<int64_t>>, double> measuredRates;

// Classes the network predicts: the rows of its last matrix (the output
// layer of the built-in networks); the data's classes when it has none.
double outputClasses(const std::vector<model::TensorSpec>& spec, const data::Dataset& data) {
    double classes = double(data.numClasses);
    for (const model::TensorSpec& t : spec)
        if (t.role == model::TensorRole::Parameter && t.info.shape.size() == 2)
            classes = double(t.info.shape[0]);
    return classes;
}

}  // namespace

std::string formatFlops(double flops) {
    static const char* const kUnits[] = {"FLOP", "kFLOP", "MFLOP", "GFLOP", "TFLOP", "PFLOP"};
    std::size_t unit = 0;
    while (flops >= 1000 && unit + 1 < std::size(kUnits)) {
        flops /= 1000;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, "%.1f %s", flops, kUnits[unit]);
    return text;
}

double estimateForwardFlops(const std::vector<model::TensorSpec>& spec,
                            const std::vector<int64_t>& sampleShape) {
    const double positions = sampleShape.size() >= 3
                                 ? double(sampleShape[sampleShape.size() - 1]) *
                                       double(sampleShape[sampleShape.size() - 2])
                                 : 1.0;
    double firstChannels = 0, flops = 0;
    for (const model::TensorSpec& t : spec) {
        if (t.role != model::TensorRole::Parameter)
            continue;
        const auto& shape = t.info.shape;
        double numel = 1;
        for (int64_t s : shape)
            numel *= double(s);
        if (shape.size() == 2) {
            flops += 2 * numel;
        } else if (shape.size() == 4) {
            if (firstChannels == 0)
                firstChannels = double(shape[0]);
            const double ratio = firstChannels / double(shape[0]);
            flops += 2 * numel * positions * std::min(1.0, ratio * ratio);
        }
    }
    return flops;
}

std::int64_t cancellableBatch(double flopsPerSample, std::int64_t batchSize) {
    if (!(flopsPerSample > 0))
        return batchSize;
    const double fits = std::floor(kCancellableForwardFlops / flopsPerSample);
    if (fits >= double(batchSize))
        return batchSize;
    return std::max<std::int64_t>(1, static_cast<std::int64_t>(fits));
}

std::string describeForwardCost(const ForwardCost& cost) {
    std::string text = "about " + formatFlops(cost.flops);
    if (cost.seconds > 0)
        text += ", roughly " + formatDuration(cost.seconds) + " on this CPU";
    return text;
}

ForwardCost estimateForwardJob(const model::Model& model,
                               const std::function<model::ParameterSet()>& weights,
                               const data::Dataset& data, int64_t members, int64_t samples) {
    ForwardCost cost;
    if (!data.inputs.defined() || data.inputs.size(0) == 0 || members < 1 || samples < 1)
        return cost;
    const std::vector<int64_t> sampleShape = data.sampleShape();
    const double perSample = estimateForwardFlops(model.parameterSpec(), sampleShape);
    cost.flops = perSample * double(members) * double(samples);
    cost.bytes =
        4.0 * double(members) * double(samples) * outputClasses(model.parameterSpec(), data);
    if (cost.flops < kFlopsWorthMeasuring)
        return cost;
    const auto key = std::make_pair(perSample, sampleShape);
    {
        std::lock_guard lock(rateMutex);
        if (const auto it = measuredRates.find(key); it != measuredRates.end())
            cost.secondsPerSample = it->second;
    }
    if (cost.secondsPerSample == 0) {
        // The second of two forwards (the first pays for allocation and kernel selection).
        const model::ParameterSet w = weights();
        const at::Tensor batch =
            data.inputs.narrow(0, 0, std::min<int64_t>(16, data.inputs.size(0)));
        at::Tensor logits = model.forward(w, batch);
        const auto start = std::chrono::steady_clock::now();
        logits = model.forward(w, batch);
        const double elapsed =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        cost.secondsPerSample = elapsed / double(batch.size(0));
        std::lock_guard lock(rateMutex);
        measuredRates.emplace(key, cost.secondsPerSample);
    }
    cost.seconds = cost.secondsPerSample * double(samples) * double(members);
    return cost;
}

std::string describeForwardJob(const ForwardCost& cost) {
    std::string text = "\u2248 " + formatFlops(cost.flops);
    if (cost.seconds > 0)
        text += ", ~" + formatDuration(cost.seconds) + " on this machine";
    return cost.bytes > 0 ? text + ", " + formatBytes(cost.bytes) + " of predictions" : text;
}

ForwardCost warnIfLongForwardJob(const model::Model& model, const model::ParameterSet& weights,
                                 const data::Dataset& data, int64_t members, int64_t samples,
                                 const std::string& shorten) {
    const ForwardCost cost = estimateForwardJob(
        model, [&weights] { return weights; }, data, members, samples);
    if (cost.seconds > kLongForwardJobSeconds)
        log::warning(std::to_string(members) + " members x " + std::to_string(samples) +
                     " samples: " + describeForwardCost(cost) +
                     " (less where predictions are cached); use " + shorten + " to shorten");
    return cost;
}

}  // namespace modescape::evaluation
