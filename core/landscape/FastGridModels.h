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

std::shared_ptr<const FastGridForward> makeMlpGridForward(const model::MlpModel& model,
                                                          SliceWeights weights, FastData data,
                                                          std::int64_t cacheBytes);
std::shared_ptr<const FastGridForward> makeLeNetGridForward(const model::LeNet5Model& model,
                                                            SliceWeights weights, FastData data,
                                                            std::int64_t cacheBytes);

}  // namespace modescape::landscape
