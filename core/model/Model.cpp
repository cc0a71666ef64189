#include "core/model/Model.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"

namespace modescape::model {

bool Model::hasBatchNorm() const {
    for (const auto& s : parameterSpec())
        if (s.info.name.ends_with("running_mean"))
            return true;
    return false;
}

at::Tensor Model::forwardBatched(const ParameterSet& params, const at::Tensor& x,
                                 const ForwardOptions& options) const {
    if (params.empty())
        throw InvalidArgument(name() + ": batched forward with no weights");
    std::int64_t k = params.entries().front().tensor.size(0);
    std::vector<at::Tensor> outs;
    outs.reserve(k);
    for (std::int64_t i = 0; i < k; ++i)
        outs.push_back(forward(params.select(i), x, options));
    return at::stack(outs);
}

}  // namespace modescape::model
