#include "core/model/BatchNormRecompute.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>

#include "core/common/Error.h"
#include "core/model/BuiltinModel.h"

namespace modescape::model {

namespace {

std::string stripSuffix(const std::string& s, const std::string& suffix) {
    return s.substr(0, s.size() - suffix.size());
}

struct BatchNormLayer {
    at::Tensor mean, var, count;  // the working set's buffers (updated in place)
    at::Tensor meanSum, varSum;   // accumulated batch statistics (generic path)
    at::Tensor momentum;          // measured per channel (generic path)
};

// Fills the working set with fresh buffers for every BatchNorm of the model.
std::vector<BatchNormLayer> resetBuffers(const Model& model, const ParameterSet& params,
                                         ParameterSet& work) {
    std::vector<BatchNormLayer> layers;
    for (const auto& s : model.parameterSpec()) {
        if (!s.info.name.ends_with(".running_mean"))
            continue;
        auto prefix = stripSuffix(s.info.name, "running_mean");
        // Fresh float32 buffers on the weights' device, shaped like the given
        // ones (a leading K for batched sets) or as the spec says.
        auto like = params.find(prefix + "running_mean");
        auto likeCount = params.find(prefix + "num_batches_tracked");
        auto options = at::TensorOptions(at::kFloat);
        if (like.defined())
            options = options.device(like.device());
        auto shape = like.defined() ? like.sizes().vec() : s.info.shape;
        auto countShape =
            likeCount.defined() ? likeCount.sizes().vec() : std::vector<std::int64_t>{};
        BatchNormLayer l{at::zeros(shape, options),
                         at::ones(shape, options),
                         at::zeros(countShape, options.dtype(at::kLong)),
                         {},
                         {},
                         {}};
        using Named = std::pair<const char*, at::Tensor>;
        for (const auto& [suffix, t] :
             std::initializer_list<Named>{{"running_mean", l.mean},
                                          {"running_var", l.var},
                                          {"num_batches_tracked", l.count}}) {
            std::string name = prefix + suffix;
            if (work.contains(name))
                work.set(name, t);
            else
                work.add(name, t, TensorRole::Buffer);
        }
        layers.push_back(l);
    }
    return layers;
}

// K when params is a batched set (one more leading dimension than the spec), else 0.
std::int64_t batchedK(const Model& model, const ParameterSet& params) {
    for (const auto& s : model.parameterSpec()) {
        auto t = params.find(s.info.name);
        if (t.defined())
            return t.dim() == static_cast<std::int64_t>(s.info.shape.size()) + 1 ? t.size(0) : 0;
    }
    return 0;
}

void setAll(std::vector<BatchNormLayer>& layers, double mean, double var) {
    for (auto& l : layers) {
        l.mean.fill_(mean);
        l.var.fill_(var);
        l.count.zero_();
    }
}

}  // namespace

ParameterSet recomputeBatchNorm(const Model& model, const ParameterSet& params,
                                const std::vector<at::Tensor>& batches, const JobContext& job) {
    if (batches.empty())
        throw InvalidArgument(model.describe() +
                              ": BatchNorm recomputation needs at least one batch");
    if (!model.hasBatchNorm())
        return params;
    at::NoGradGuard noGrad;
    ParameterSet work;
    for (const auto& e : params.entries())
        work.add(e.name, e.tensor, e.role);
    auto layers = resetBuffers(model, params, work);
    ForwardOptions options;
    options.trainBatchNorm = true;
    const auto total = static_cast<double>(batches.size());
    // Batched sets: K weight sets recomputed at once (select() views share the
    // buffers, so the loop of Model::forwardBatched updates them too).
    const bool batched = batchedK(model, params) > 0;
    auto pass = [&](const at::Tensor& x) {
        if (batched)
            model.forwardBatched(work, x, options);
        else
            model.forward(work, x, options);
    };

    if (dynamic_cast<const BuiltinModel*>(&model)) {
        // Built-ins honour the momentum: factor 1/b is PyTorch's momentum=None update.
        for (std::size_t b = 0; b < batches.size(); ++b) {
            job.checkCancelled();
            options.batchNormMomentum = 1.0 / static_cast<double>(b + 1);
            pass(batches[b]);
            job.report((b + 1) / total, "BatchNorm statistics");
        }
        return work;
    }

    // Generic models: from zeroed buffers one train pass leaves m * mu and m * var
    // (m the layer's own momentum; 1 for momentum=None with the count reset).
    // Buffers at 1 leave (1 - m) + m * mu, which measures m on the first batch.
    for (std::size_t b = 0; b < batches.size(); ++b) {
        job.checkCancelled();
        if (b == 0) {
            setAll(layers, 1.0, 1.0);
            pass(batches[b]);
            for (auto& l : layers)
                l.momentum = l.mean.clone();
        }
        setAll(layers, 0.0, 0.0);
        pass(batches[b]);
        for (auto& l : layers) {
            if (b == 0)
                l.momentum = 1.0 - (l.momentum - l.mean);
            auto mu = l.mean / l.momentum, var = l.var / l.momentum;
            l.meanSum = b == 0 ? mu : l.meanSum + mu;
            l.varSum = b == 0 ? var : l.varSum + var;
        }
        job.report((b + 1) / total, "BatchNorm statistics");
    }
    for (auto& l : layers) {
        l.mean.copy_(l.meanSum / total);
        l.var.copy_(l.varSum / total);
        l.count.fill_(static_cast<std::int64_t>(batches.size()));
    }
    return work;
}

}  // namespace modescape::model
