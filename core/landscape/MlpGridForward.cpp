// FastGridForward for the built-in MLP. Dropout is off in evaluation, so the
// network is Linear, activation, ..., Linear. The first layer's outputs are
// X W^T + bias for the centre and for each direction ([3][N][width]);
// a point's first pre-activation is their combination with (1, a, b). The
// later layers: our fused kernel (MlpKernels.h) where it covers them, else
// cblas_sgemm with the bias and activation in a second pass.

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/landscape/FastGridModels.h"
#include "core/landscape/MlpKernels.h"

namespace modescape::landscape {

namespace {

class MlpGridForward : public FastGridForward {
  public:
    MlpGridForward(const model::MlpModel& model, SliceWeights weights, FastData data,
                   std::int64_t cacheBytes)
        : widths_(model.config().widths),
          activation_(model.config().activation),
          data_(std::move(data)) {
        for (const auto& prefix : model.linearNames()) {
            weights_.push_back(weights.blend(prefix + ".weight"));
            biases_.push_back(weights.blend(prefix + ".bias"));
        }
        std::int64_t widest = 1;
        for (auto w : widths_)
            widest = std::max(widest, w);
        // About 64 KiB of activations per chunk: a worker's data stays in its cache.
        chunk_ = std::clamp<std::int64_t>(16384 / widest, 32, 1024);
        const std::int64_t n = data_.size(), w1 = widths_[1];
        if (3 * n * w1 * static_cast<std::int64_t>(sizeof(float)) <= cacheBytes) {
            cache_.resize(static_cast<std::size_t>(3 * n * w1));
            firstLayer(0, n, cache_.data());
        }
    }

    std::int64_t chunkSamples() const override { return chunk_; }
    bool firstLayerCached() const override { return !cache_.empty(); }

    PointSums evaluate(const std::vector<GridPoint>& points, const JobContext& job) const override {
        const auto k = static_cast<std::int64_t>(points.size());
        const std::int64_t layers = static_cast<std::int64_t>(widths_.size()) - 1;
        const std::int64_t n = data_.size(), w1 = widths_[1], classes = widths_.back();
        // Per point, the weights and biases of layers 1 .. L-1, one after the other.
        std::vector<std::int64_t> offset{0};
        for (std::int64_t l = 1; l < layers; ++l)
            offset.push_back(offset.back() + weights_[l].numel() + biases_[l].numel());
        // Layers of a multiple of 8 outputs run in our fused kernel, which
        // reads the weight transposed ([in][out]); the others in cblas.
        std::vector<char> fused(static_cast<std::size_t>(layers), 0);
        for (std::int64_t l = 1; l < layers; ++l)
            fused[l] = mlp::denseCovers(widths_[l + 1]) ? 1 : 0;
        std::vector<std::vector<float>> perPoint(static_cast<std::size_t>(k));
        std::vector<float> straight;
        for (std::int64_t p = 0; p < k; ++p) {
            auto& w = perPoint[p];
            w.resize(static_cast<std::size_t>(offset.back()));
            const auto a = static_cast<float>(points[p].a), b = static_cast<float>(points[p].b);
            for (std::int64_t l = 1; l < layers; ++l) {
                float* weight = w.data() + offset[l - 1];
                if (fused[l]) {
                    const std::int64_t in = widths_[l], out = widths_[l + 1];
                    straight.resize(static_cast<std::size_t>(in * out));
                    weights_[l].at(a, b, straight.data());
                    for (std::int64_t o = 0; o < out; ++o)
                        for (std::int64_t i = 0; i < in; ++i)
                            weight[i * out + o] = straight[o * in + i];
                } else {
                    weights_[l].at(a, b, weight);
                }
                biases_[l].at(a, b, weight + weights_[l].numel());
            }
        }
        const std::int64_t chunks = (n + chunk_ - 1) / chunk_;
        std::vector<double> loss(static_cast<std::size_t>(chunks * k), 0.0);
        std::vector<std::int64_t> correct(static_cast<std::size_t>(chunks * k), 0);
        struct Scratch {
            std::vector<float> basis, h, g;
        };
        std::int64_t widest = 1;
        for (auto w : widths_)
            widest = std::max(widest, w);
        cpu::forEachChunk<Scratch>(chunks, [&](std::int64_t c, Scratch& s) {
            if (job.cancel.isCancelled())
                return;
            const std::int64_t start = c * chunk_, rows = std::min(chunk_, n - start);
            const float* basis[3];
            if (cache_.empty()) {
                s.basis.resize(static_cast<std::size_t>(3 * rows * w1));
                firstLayer(start, rows, s.basis.data());
                for (int j = 0; j < 3; ++j)
                    basis[j] = s.basis.data() + j * rows * w1;
            } else {
                for (int j = 0; j < 3; ++j)
                    basis[j] = cache_.data() + j * n * w1 + start * w1;
            }
            s.h.resize(static_cast<std::size_t>(rows * widest));
            s.g.resize(static_cast<std::size_t>(rows * widest));
            for (std::int64_t p = 0; p < k; ++p) {
                const auto a = static_cast<float>(points[p].a), b = static_cast<float>(points[p].b);
                float* h = s.h.data();
                float* g = s.g.data();
                const bool fusedRelu = layers > 1 && activation_ == model::Activation::Relu;
                for (std::int64_t i = 0; i < rows * w1; ++i) {
                    const float v = basis[0][i] + a * basis[1][i] + b * basis[2][i];
                    h[i] = fusedRelu ? cpu::relu(v) : v;
                }
                if (layers > 1 && !fusedRelu)
                    cpu::activate(activation_, h, rows * w1);
                for (std::int64_t l = 1; l < layers; ++l) {
                    const float* w = perPoint[p].data() + offset[l - 1];
                    const std::int64_t in = widths_[l], out = widths_[l + 1];
                    const bool hidden = l + 1 < layers;
                    if (fused[l]) {
                        const bool relu = hidden && activation_ == model::Activation::Relu;
                        mlp::dense(h, rows, in, w, out, w + weights_[l].numel(), relu, g);
                        if (hidden && !relu)
                            cpu::activate(activation_, g, rows * out);
                    } else {
                        cpu::gemm(rows, out, in, h, in, w, in, true, g, out);
                        cpu::addBias(g, rows, out, w + weights_[l].numel(),
                                     hidden ? &activation_ : nullptr);
                    }
                    std::swap(h, g);
                }
                cpu::addLossAndCorrect(h, rows, classes,
                                       data_.labels.data_ptr<std::int64_t>() + start,
                                       loss[c * k + p], correct[c * k + p]);
            }
        });
        job.checkCancelled();
        return sumOverChunks(loss, correct, chunks, k);
    }

  private:
    // Rows [start, start + rows) of X W^T + bias for the centre, x and y, as
    // three [rows][width] blocks one after the other.
    void firstLayer(std::int64_t start, std::int64_t rows, float* out) const {
        const std::int64_t in = widths_[0], w1 = widths_[1];
        const float* x = data_.inputs.data_ptr<float>() + start * in;
        const auto& w = weights_[0];
        const auto& bias = biases_[0];
        const at::Tensor matrices[3] = {w.c, w.x, w.y}, vectors[3] = {bias.c, bias.x, bias.y};
        for (int j = 0; j < 3; ++j) {
            float* block = out + j * rows * w1;
            if (matrices[j].defined())
                cpu::gemm(rows, w1, in, x, in, matrices[j].data_ptr<float>(), in, true, block, w1);
            else
                std::fill(block, block + rows * w1, 0.0f);
            if (vectors[j].defined())
                cpu::addBias(block, rows, w1, vectors[j].data_ptr<float>(), nullptr);
        }
    }

    std::vector<std::int64_t> widths_;
    model::Activation activation_;
    FastData data_;
    std::vector<cpu::Blend> weights_, biases_;
    std::int64_t chunk_ = 512;
    std::vector<float> cache_;  // [3][N][width 1] when it fits the budget
};

}  // namespace

std::shared_ptr<const FastGridForward> makeMlpGridForward(const model::MlpModel& model,
                                                          SliceWeights weights, FastData data,
                                                          std::int64_t cacheBytes) {
    return std::make_shared<MlpGridForward>(model, std::move(weights), std::move(data), cacheBytes);
}

}  // namespace modescape::landscape
