// FastGridForward for the built-in LeNet-5. conv1 sees the shared input, so
// its outputs (bias included) for the centre, x and y are computed once, as
// one im2col GEMM with 18 output channels, into [18][N * 784] (or per chunk
// when that exceeds the budget). Per chunk of images, points in blocks of 16:
// for 4 images at a time and each point of the block, combine with (1, a, b),
// ReLU and 2 x 2 max-pooling in one pass; conv2 as an im2col GEMM over the 4
// images, bias + ReLU + pooling fused into the flatten (LeNetKernels.h);
// then per point fc1, fc2, fc3 as GEMMs over the chunk, and the loss.

#include <ATen/ATen.h>

#include "core/landscape/FastGridModels.h"
#include "core/landscape/LeNetKernels.h"

namespace modescape::landscape {

namespace {

using namespace lenet;                    // the layer sizes
constexpr std::int64_t kChunk = 64;       // images per chunk (fc layers as GEMMs over it)
constexpr std::int64_t kConvStep = 4;     // images per conv2 GEMM: 150 x 400 floats unfolded
constexpr std::int64_t kPointBlock = 16;  // points per pass over a few images' conv1 outputs

class LeNetGridForward : public FastGridForward {
  public:
    LeNetGridForward(const model::LeNet5Model& model, SliceWeights weights, FastData data,
                     std::int64_t cacheBytes)
        : inChannels_(model.config().inChannels),
          classes_(model.config().numClasses),
          data_(std::move(data)) {
        for (const char* name : {"conv2", "fc1", "fc2", "fc3"}) {
            const std::string prefix = name;
            layers_.push_back(weights.blend(prefix + ".weight"));
            layers_.push_back(weights.blend(prefix + ".bias"));
        }
        // conv1's centre, x and y filters as one [18][in * 25] matrix and its biases.
        const auto w = weights.blend("conv1.weight"), b = weights.blend("conv1.bias");
        const std::int64_t patch = inChannels_ * 25;
        conv1_.assign(static_cast<std::size_t>(3 * kC1 * patch), 0.0f);
        conv1Bias_.assign(3 * kC1, 0.0f);
        const at::Tensor filters[3] = {w.c, w.x, w.y}, biases[3] = {b.c, b.x, b.y};
        for (int j = 0; j < 3; ++j) {
            if (filters[j].defined())
                std::copy_n(filters[j].data_ptr<float>(), kC1 * patch,
                            conv1_.data() + j * kC1 * patch);
            if (biases[j].defined())
                std::copy_n(biases[j].data_ptr<float>(), kC1, conv1Bias_.data() + j * kC1);
        }
        const std::int64_t n = data_.size();
        if (3 * kC1 * n * kPixels * static_cast<std::int64_t>(sizeof(float)) <= cacheBytes) {
            cache_.resize(static_cast<std::size_t>(3 * kC1 * n * kPixels));
            const std::int64_t chunks = (n + kChunk - 1) / kChunk;
            struct Scratch {
                std::vector<float> columns;
            };
            cpu::forEachChunk<Scratch>(chunks, [&](std::int64_t c, Scratch& s) {
                const std::int64_t start = c * kChunk, rows = std::min(kChunk, n - start);
                conv1Basis(start, rows, cache_.data() + start * kPixels, n * kPixels, s.columns);
            });
        }
    }

    std::int64_t chunkSamples() const override { return kChunk; }
    bool firstLayerCached() const override { return !cache_.empty(); }

    PointSums evaluate(const std::vector<GridPoint>& points, const JobContext& job) const override {
        const auto k = static_cast<std::int64_t>(points.size());
        const std::int64_t n = data_.size();
        // Per point: conv2, fc1, fc2, fc3 weights and biases, one after the other.
        std::vector<std::int64_t> offset{0};
        for (const auto& t : layers_)
            offset.push_back(offset.back() + t.numel());
        std::vector<std::vector<float>> perPoint(static_cast<std::size_t>(k));
        for (std::int64_t p = 0; p < k; ++p) {
            perPoint[p].resize(static_cast<std::size_t>(offset.back()));
            for (std::size_t t = 0; t < layers_.size(); ++t)
                layers_[t].at(static_cast<float>(points[p].a), static_cast<float>(points[p].b),
                              perPoint[p].data() + offset[t]);
        }
        const std::int64_t chunks = (n + kChunk - 1) / kChunk;
        std::vector<double> loss(static_cast<std::size_t>(chunks * k), 0.0);
        std::vector<std::int64_t> correct(static_cast<std::size_t>(chunks * k), 0);
        struct Scratch {
            std::vector<float> basis, columns, pooled, conv, flat, fc1, fc2, logits;
        };
        cpu::forEachChunk<Scratch>(chunks, [&](std::int64_t c, Scratch& s) {
            if (job.cancel.isCancelled())
                return;
            const std::int64_t start = c * kChunk, rows = std::min(kChunk, n - start);
            const float* basis = cache_.data() + start * kPixels;
            std::int64_t stride = n * kPixels;  // between the 18 basis rows
            if (cache_.empty()) {
                s.basis.resize(static_cast<std::size_t>(3 * kC1 * rows * kPixels));
                conv1Basis(start, rows, s.basis.data(), rows * kPixels, s.columns);
                basis = s.basis.data();
                stride = rows * kPixels;
            }
            s.pooled.resize(static_cast<std::size_t>(kConvStep * kC1 * kPool1 * kPool1));
            s.columns.resize(static_cast<std::size_t>(kC1 * 25 * kConvStep * kOut2 * kOut2));
            s.conv.resize(static_cast<std::size_t>(kC2 * kConvStep * kOut2 * kOut2));
            s.flat.resize(static_cast<std::size_t>(kPointBlock * rows * kFlat));
            s.fc1.resize(static_cast<std::size_t>(rows * kFc1));
            s.fc2.resize(static_cast<std::size_t>(rows * kFc2));
            s.logits.resize(static_cast<std::size_t>(rows * classes_));
            // Points in blocks: the conv1 outputs of a few images (56 KiB
            // each) are read for every point of the block while they are in
            // the cache; the block's flattened features wait for the fc layers.
            for (std::int64_t p0 = 0; p0 < k; p0 += kPointBlock) {
                const std::int64_t p1 = std::min(k, p0 + kPointBlock);
                for (std::int64_t i0 = 0; i0 < rows; i0 += kConvStep) {
                    const std::int64_t step = std::min(kConvStep, rows - i0);
                    const std::int64_t cols = step * kOut2 * kOut2;
                    for (std::int64_t p = p0; p < p1; ++p) {
                        const auto a = static_cast<float>(points[p].a);
                        const auto b = static_cast<float>(points[p].b);
                        for (std::int64_t i = 0; i < step; ++i)
                            lenet::poolConv1(basis + (i0 + i) * kPixels, stride, a, b,
                                             s.pooled.data() + i * kC1 * kPool1 * kPool1);
                        for (std::int64_t i = 0; i < step; ++i)
                            lenet::unfoldConv2(s.pooled.data() + i * kC1 * kPool1 * kPool1,
                                               s.columns.data(), cols, i * kOut2 * kOut2);
                        const float* w = perPoint[p].data();
                        cpu::gemm(kC2, cols, kC1 * 25, w + offset[0], kC1 * 25, s.columns.data(),
                                  cols, false, s.conv.data(), cols);
                        lenet::poolConv2(s.conv.data(), cols, step, w + offset[1],
                                         s.flat.data() + ((p - p0) * rows + i0) * kFlat);
                    }
                }
                for (std::int64_t p = p0; p < p1; ++p) {
                    const float* w = perPoint[p].data();
                    const float* flat = s.flat.data() + (p - p0) * rows * kFlat;
                    const auto relu = model::Activation::Relu;
                    cpu::gemm(rows, kFc1, kFlat, flat, kFlat, w + offset[2], kFlat, true,
                              s.fc1.data(), kFc1);
                    cpu::addBias(s.fc1.data(), rows, kFc1, w + offset[3], &relu);
                    cpu::gemm(rows, kFc2, kFc1, s.fc1.data(), kFc1, w + offset[4], kFc1, true,
                              s.fc2.data(), kFc2);
                    cpu::addBias(s.fc2.data(), rows, kFc2, w + offset[5], &relu);
                    cpu::gemm(rows, classes_, kFc2, s.fc2.data(), kFc2, w + offset[6], kFc2, true,
                              s.logits.data(), classes_);
                    cpu::addBias(s.logits.data(), rows, classes_, w + offset[7], nullptr);
                    cpu::addLossAndCorrect(s.logits.data(), rows, classes_,
                                           data_.labels.data_ptr<std::int64_t>() + start,
                                           loss[c * k + p], correct[c * k + p]);
                }
            }
        });
        job.checkCancelled();
        return sumOverChunks(loss, correct, chunks, k);
    }

  private:
    // conv1 of images [start, start + rows) for the centre, x and y (bias
    // included): row j * 6 + channel at out + row * stride, image i's 784
    // pixels from column i * 784.
    void conv1Basis(std::int64_t start, std::int64_t rows, float* out, std::int64_t stride,
                    std::vector<float>& columns) const {
        const std::int64_t patch = inChannels_ * 25, cols = rows * kPixels;
        columns.resize(static_cast<std::size_t>(patch * cols));
        const float* images = data_.inputs.data_ptr<float>() + start * inChannels_ * kPixels;
        for (std::int64_t i = 0; i < rows; ++i)
            cpu::im2col(images + i * inChannels_ * kPixels, inChannels_, kSide, kSide, 5, 2,
                        columns.data(), cols, i * kPixels);
        cpu::gemm(3 * kC1, cols, patch, conv1_.data(), patch, columns.data(), cols, false, out,
                  stride);
        for (std::int64_t r = 0; r < 3 * kC1; ++r)
            for (std::int64_t q = 0; q < cols; ++q)
                out[r * stride + q] += conv1Bias_[r];
    }

    std::int64_t inChannels_, classes_;
    FastData data_;
    std::vector<cpu::Blend> layers_;  // conv2, fc1, fc2, fc3: weight, bias each
    std::vector<float> conv1_, conv1Bias_;
    std::vector<float> cache_;  // [18][N * 784] when it fits the budget
};

}  // namespace

std::shared_ptr<const FastGridForward> makeLeNetGridForward(const model::LeNet5Model& model,
                                                            SliceWeights weights, FastData data,
                                                            std::int64_t cacheBytes) {
    return std::make_shared<LeNetGridForward>(model, std::move(weights), std::move(data),
                                              cacheBytes);
}

}  // namespace modescape::landscape
