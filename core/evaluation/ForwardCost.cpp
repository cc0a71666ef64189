#include "core/evaluation/ForwardCost.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "core/common/Log.h"
#include "core/jobs/Eta.h"

namespace modescape::evaluation {

namespace {

// Below this many FLOPs a job takes seconds on any CPU: not worth measuring.
constexpr double kFlopsWorthMeasuring = 1e11;

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

}  // namespace

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

ForwardCost warnIfLongForwardJob(const model::Model& model, const model::ParameterSet& weights,
                                 const data::Dataset& data, int64_t members, int64_t samples,
                                 const std::string& shorten) {
    ForwardCost cost;
    if (!data.inputs.defined() || data.inputs.size(0) == 0 || members < 1 || samples < 1)
        return cost;
    const std::vector<int64_t> sampleShape(data.inputs.sizes().begin() + 1,
                                           data.inputs.sizes().end());
    cost.flops = estimateForwardFlops(model.parameterSpec(), sampleShape) * double(members) *
                 double(samples);
    if (cost.flops < kFlopsWorthMeasuring)
        return cost;
    // The rate of this machine: the second of two forwards of a few samples
    // (the first pays for allocation and kernel selection).
    const at::Tensor batch = data.inputs.narrow(0, 0, std::min<int64_t>(16, data.inputs.size(0)));
    at::Tensor logits = model.forward(weights, batch);
    const auto start = std::chrono::steady_clock::now();
    logits = model.forward(weights, batch);
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    cost.secondsPerSample = elapsed / double(batch.size(0));
    cost.seconds = cost.secondsPerSample * double(samples) * double(members);
    if (cost.seconds > kLongForwardJobSeconds)
        log::warning(std::to_string(members) + " members x " + std::to_string(samples) +
                     " samples: " + describeForwardCost(cost) +
                     " (less where predictions are cached); use " + shorten + " to shorten");
    return cost;
}

}  // namespace modescape::evaluation
