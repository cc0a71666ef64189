#include "core/model/BuiltinModel.h"

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <c10/util/Exception.h>

#include "core/common/Error.h"
#include "core/model/LayerOps.h"

namespace modescape::model {

namespace {

std::string inputShapeText(const std::vector<std::int64_t>& shape) {
    std::string s = "[N";
    for (auto d : shape)
        s += ", " + (d > 0 ? std::to_string(d) : std::string("*"));
    return s + "]";
}

// Mixed precision is refused with a clear message rather than a kernel error
// (float16 checkpoints must be converted: ParameterSet::to(at::kFloat)).
void checkFloatTypes(const std::string& what, const ParameterSet& params, const at::Tensor& x) {
    for (const auto& e : params.entries())
        if (at::isFloatingType(e.tensor.scalar_type()) && e.tensor.scalar_type() != x.scalar_type())
            throw InvalidArgument(what + ": weight '" + e.name + "' is " +
                                  c10::toString(e.tensor.scalar_type()) + " but the input is " +
                                  c10::toString(x.scalar_type()) +
                                  "; convert the weights (ParameterSet::to) or the input first");
}

}  // namespace

void BuiltinModel::checkInput(const at::Tensor& x) const {
    auto want = inputShape();
    bool ok = x.defined() && x.dim() == static_cast<std::int64_t>(want.size()) + 1;
    for (std::size_t i = 0; ok && i < want.size(); ++i)
        if (want[i] > 0 && x.size(static_cast<std::int64_t>(i) + 1) != want[i])
            ok = false;
    if (!ok)
        throw ShapeMismatch(describe() + ": input of shape " +
                            (x.defined() ? io::shapeToString(x.sizes().vec()) : "(none)") +
                            " where " + inputShapeText(want) + " is expected");
}

at::Tensor BuiltinModel::forward(const ParameterSet& params, const at::Tensor& x,
                                 const ForwardOptions& options) const {
    checkInput(x);
    checkFloatTypes(describe(), params, x);
    at::AutoGradMode gradMode(options.grad);
    try {
        SingleWeightOps ops(params, options);
        return run(ops, x);
    } catch (const c10::Error& e) {
        throw ShapeMismatch(describe() + ": forward failed (" + e.what_without_backtrace() +
                            "); do the weights fit the architecture?");
    }
}

at::Tensor BuiltinModel::forwardBatched(const ParameterSet& params, const at::Tensor& x,
                                        const ForwardOptions& options) const {
    checkInput(x);
    if (params.empty() || params.entries().front().tensor.dim() == 0)
        throw ShapeMismatch(describe() +
                            ": batched forward needs weights with a leading K dimension");
    std::int64_t k = params.entries().front().tensor.size(0);
    for (const auto& e : params.entries())
        if (e.tensor.dim() == 0 || e.tensor.size(0) != k)
            throw ShapeMismatch(describe() + ": batched weights disagree on K ('" + e.name +
                                "' has shape " + io::shapeToString(e.tensor.sizes().vec()) + ")");
    checkFloatTypes(describe(), params, x);
    using Kernels = ForwardOptions::BatchedKernels;
    const bool grouped = options.batchedKernels == Kernels::Grouped ||
                         (options.batchedKernels == Kernels::Auto && x.is_cuda());
    if (!grouped)
        return Model::forwardBatched(params, x, options);
    at::AutoGradMode gradMode(options.grad);
    try {
        BatchedWeightOps ops(params, options, k);
        return run(ops, x);
    } catch (const c10::Error& e) {
        throw ShapeMismatch(describe() + ": batched forward failed (" + e.what_without_backtrace() +
                            "); do the weights fit the architecture?");
    }
}

ParameterSet BuiltinModel::initialParameters(std::uint64_t seed) const {
    return initializeParameters(spec_, seed);
}

}  // namespace modescape::model
