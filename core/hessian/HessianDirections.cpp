#include "core/hessian/HessianDirections.h"

#include <ATen/ATen.h>

#include "core/landscape/RandomDirection.h"

namespace modescape::hessian {

model::ParameterSet directionOf(const at::Tensor& flat, const std::vector<ParameterBlock>& blocks,
                                const model::ParameterSet& weights,
                                landscape::Normalization normalization) {
    model::ParameterSet direction;
    const at::Tensor cpu = flat.to(at::kCPU, at::kFloat);
    for (const auto& b : blocks)
        direction.add(b.name,
                      cpu.narrow(0, b.offset, b.size).view(weights.at(b.name).sizes()).clone(),
                      model::TensorRole::Parameter);
    if (normalization != landscape::Normalization::None)
        landscape::normalizeDirection(direction, weights, normalization,
                                      landscape::IgnoreMode::BiasBn);
    return direction;
}

double curvatureAlong(const HessianOperator& op, const model::ParameterSet& direction) {
    at::Tensor flat = at::zeros({op.dimension()}, op.vectorOptions());
    for (const auto& b : op.blocks()) {
        const at::Tensor d = direction.find(b.name);
        if (d.defined())
            flat.narrow(0, b.offset, b.size).copy_(d.reshape({-1}));
    }
    const double squared = flat.dot(flat).item<double>();
    return squared > 0 ? flat.dot(op.apply(flat)).item<double>() / squared : 0.0;
}

}  // namespace modescape::hessian
