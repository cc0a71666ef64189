#pragma once
// The batched engine's own CPU forward for the built-in MLP and LeNet-5: K
// grid points per call, straight cblas_sgemm calls with fused bias +
// activation, im2col convolutions, fused pooling and a fused log-softmax +
// NLL + accuracy, the data split in cache-sized chunks over our workers (each
// with a single-threaded BLAS). The first layer is linear in (a, b): its
// outputs for theta*, x and y are computed once per surface (or once per
// chunk and call when that would exceed the memory budget) and every point
// combines them. GridEvaluator's LibTorch path stays the reference (tests:
// tests/landscape/TestFastGridForward.cpp). Internal to core/landscape.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/landscape/GridEvaluator.h"

namespace modescape::landscape {

// Per point: the summed cross-entropy over the data and the correct count.
struct PointSums {
    std::vector<double> loss;
    std::vector<std::int64_t> correct;
};

class FastGridForward {
  public:
    virtual ~FastGridForward() = default;
    // Throws Cancelled when the job is cancelled (checked between chunks).
    virtual PointSums evaluate(const std::vector<GridPoint>& points,
                               const JobContext& job) const = 0;
    // Samples per chunk (one worker's unit of work).
    virtual std::int64_t chunkSamples() const = 0;
    // True when the first layer's outputs are held for the whole surface.
    virtual bool firstLayerCached() const = 0;
};

// The fast forward for this model and data on the CPU, or null when it does
// not cover them: not a built-in MLP or LeNet-5, a weight or direction not
// float32, or a build without cblas. cacheBytes bounds the first layer's
// outputs held per surface. Throws ShapeMismatch for a label outside the
// model's classes (as the LibTorch path does).
std::shared_ptr<const FastGridForward> makeFastGridForward(
    const model::Model& model, const model::ParameterSet& center, const model::ParameterSet& x,
    const model::ParameterSet& y, const at::Tensor& inputs, const at::Tensor& labels,
    std::int64_t cacheBytes);

// The BLAS the fast forward calls, for benchmarks and logs.
std::string fastForwardBlas();

}  // namespace modescape::landscape
