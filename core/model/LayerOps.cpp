#include "core/model/LayerOps.h"

namespace modescape::model {

namespace {

constexpr double kBatchNormEps = 1e-5;
constexpr double kFrnEps = 1e-6;

// FRN: nu2 = mean(x^2) over H, W; y = gamma * x / sqrt(nu2 + eps) + beta; max(y, tau).
// gamma, beta, tau arrive already shaped [1, C', 1, 1] for the layout.
at::Tensor frn(const at::Tensor& x, const at::Tensor& gamma, const at::Tensor& beta,
               const at::Tensor& tau) {
    auto nu2 = x.pow(2).mean({2, 3}, /*keepdim=*/true);
    auto y = gamma * (x * at::rsqrt(nu2 + kFrnEps)) + beta;
    return at::max(y, tau);
}

void countBatch(const ParameterSet& params, const std::string& prefix) {
    auto n = params.find(prefix + ".num_batches_tracked");
    if (n.defined())
        n.add_(1);
}

}  // namespace

at::Tensor LayerOps::dropout(const at::Tensor& x, double p) const {
    if (!options_.dropout || p <= 0.0)
        return x;
    return at::dropout(x, p, /*train=*/true);
}

at::Tensor LayerOps::maxPool2(const at::Tensor& x) {
    return at::max_pool2d(x, {2, 2});
}

at::Tensor LayerOps::globalAveragePool(const at::Tensor& x) {
    return at::adaptive_avg_pool2d(x, {1, 1});
}

// ----- one weight set -----

at::Tensor SingleWeightOps::denseInput(const at::Tensor& x) const {
    return x;
}
at::Tensor SingleWeightOps::imageInput(const at::Tensor& x) const {
    return x;
}

at::Tensor SingleWeightOps::linear(const std::string& prefix, const at::Tensor& x) const {
    return at::linear(x, params_.at(prefix + ".weight"), params_.find(prefix + ".bias"));
}

at::Tensor SingleWeightOps::conv2d(const std::string& prefix, const at::Tensor& x,
                                   std::int64_t stride, std::int64_t padding) const {
    return at::conv2d(x, params_.at(prefix + ".weight"), params_.find(prefix + ".bias"), {stride},
                      {padding});
}

at::Tensor SingleWeightOps::batchNorm(const std::string& prefix, const at::Tensor& x) const {
    bool train = options_.trainBatchNorm;
    if (train)
        countBatch(params_, prefix);
    return at::batch_norm(x, params_.find(prefix + ".weight"), params_.find(prefix + ".bias"),
                          params_.at(prefix + ".running_mean"), params_.at(prefix + ".running_var"),
                          train, options_.batchNormMomentum, kBatchNormEps,
                          /*cudnn_enabled=*/true);
}

at::Tensor SingleWeightOps::filterResponseNorm(const std::string& prefix,
                                               const at::Tensor& x) const {
    auto shape = [](const at::Tensor& t) { return t.reshape({1, -1, 1, 1}); };
    return frn(x, shape(params_.at(prefix + ".gamma")), shape(params_.at(prefix + ".beta")),
               shape(params_.at(prefix + ".tau")));
}

at::Tensor SingleWeightOps::flattenImage(const at::Tensor& x) const {
    return x.flatten(1);
}

// ----- K weight sets -----

// The input is shared by the K sets: it stays as it is, and the first layer
// multiplies it once by the K weight sets concatenated (one big matmul / one
// ungrouped convolution instead of K small ones), which gives the batched layout.
at::Tensor BatchedWeightOps::denseInput(const at::Tensor& x) const {
    return x;
}
at::Tensor BatchedWeightOps::imageInput(const at::Tensor& x) const {
    return x;
}

at::Tensor BatchedWeightOps::linear(const std::string& prefix, const at::Tensor& x) const {
    // x [K, N, in] (or the shared input [N, in]), weight [K, out, in], bias [K, out]
    // -> [K, N, out].
    const auto& weight = params_.at(prefix + ".weight");
    auto b = params_.find(prefix + ".bias");
    if (x.dim() == 2) {
        auto stacked = weight.reshape({-1, weight.size(2)});
        auto y = at::linear(x, stacked, b.defined() ? b.reshape({-1}) : b);
        return y.view({x.size(0), k_, weight.size(1)}).transpose(0, 1);
    }
    // Contiguous operands and bmm + add: LibTorch 1.13's CPU baddbmm is far
    // slower on strided operands (measured in bench_forward).
    auto y = at::bmm(x.contiguous(), weight.transpose(1, 2).contiguous());
    if (b.defined())
        y.add_(b.unsqueeze(1));
    return y;
}

at::Tensor BatchedWeightOps::conv2d(const std::string& prefix, const at::Tensor& x,
                                    std::int64_t stride, std::int64_t padding) const {
    // weight [K, out, in, kh, kw] -> [K*out, in, kh, kw]: group k reads channels of set k.
    const auto& w = params_.at(prefix + ".weight");
    auto grouped = w.reshape({w.size(0) * w.size(1), w.size(2), w.size(3), w.size(4)});
    auto b = params_.find(prefix + ".bias");
    if (b.defined())
        b = b.reshape({-1});
    // The shared input has the per-set channel count: one ungrouped convolution.
    std::int64_t groups = x.size(1) == w.size(2) ? 1 : k_;
    return at::conv2d(x, grouped, b, {stride}, {padding}, {1}, groups);
}

at::Tensor BatchedWeightOps::batchNorm(const std::string& prefix, const at::Tensor& x) const {
    // Per (k, channel) statistics are exactly BatchNorm over K*C channels. The
    // reshaped running statistics are views, so train-mode updates reach them.
    bool train = options_.trainBatchNorm;
    if (train)
        countBatch(params_, prefix);
    auto opt = [&](const std::string& name) {
        auto t = params_.find(prefix + name);
        return t.defined() ? channelVector(t) : t;
    };
    auto mean = channelVector(params_.at(prefix + ".running_mean"));
    auto var = channelVector(params_.at(prefix + ".running_var"));
    return at::batch_norm(x, opt(".weight"), opt(".bias"), mean, var, train,
                          options_.batchNormMomentum, kBatchNormEps, /*cudnn_enabled=*/true);
}

at::Tensor BatchedWeightOps::filterResponseNorm(const std::string& prefix,
                                                const at::Tensor& x) const {
    auto shape = [](const at::Tensor& t) { return t.reshape({1, -1, 1, 1}); };
    return frn(x, shape(params_.at(prefix + ".gamma")), shape(params_.at(prefix + ".beta")),
               shape(params_.at(prefix + ".tau")));
}

at::Tensor BatchedWeightOps::flattenImage(const at::Tensor& x) const {
    // [N, K*C, H, W] -> [N, K, C*H*W] -> [K, N, C*H*W] (per-sample order C, H, W as flatten(1)).
    return x.reshape({x.size(0), k_, -1}).transpose(0, 1);
}

}  // namespace modescape::model
