#pragma once
// The two architectures FastGridForward covers, made by makeFastGridForward
// once it has checked every tensor (float32, the spec's shapes). Internal to
// core/landscape.

#include <memory>

#include "core/landscape/CpuKernels.h"
#include "core/landscape/FastGridForward.h"
#include "core/model/LeNet5.h"
#include "core/model/Mlp.h"

namespace modescape::landscape {

// The centre and the directions (absent tensors have direction 0).
struct SliceWeights {
    model::ParameterSet center, x, y;
    cpu::Blend blend(const std::string& name) const;
};

// The data: inputs [N, ...] float32 and labels [N] int64, both contiguous.
struct FastData {
    at::Tensor inputs, labels;
    std::int64_t size() const { return inputs.size(0); }
};

// Each point's sums over the data chunks, added in chunk order (so the result
// does not depend on which thread computed which chunk): loss and correct
// hold chunks x k values, chunk c's point p at c * k + p.
inline PointSums sumOverChunks(const std::vector<double>& loss,
                               const std::vector<std::int64_t>& correct, std::int64_t chunks,
                               std::int64_t k) {
    PointSums sums{std::vector<double>(static_cast<std::size_t>(k), 0.0),
                   std::vector<std::int64_t>(static_cast<std::size_t>(k), 0)};
    for (std::int64_t c = 0; c < chunks; ++c)
        for (std::int64_t p = 0; p < k; ++p) {
            sums.loss[p] += loss[c * k + p];
            sums.correct[p] += correct[c * k + p];
        }
    return sums;
}

std::shared_ptr<const FastGridForward> makeMlpGridForward(const model::MlpModel& model,
                                                          SliceWeights weights, FastData data,
                                                          std::int64_t cacheBytes);
std::shared_ptr<const FastGridForward> makeLeNetGridForward(const model::LeNet5Model& model,
                                                            SliceWeights weights, FastData data,
                                                            std::int64_t cacheBytes);

}  // namespace modescape::landscape
