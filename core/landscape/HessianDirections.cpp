#include "core/landscape/HessianDirections.h"

#include <ATen/ATen.h>

#include <algorithm>

#include "core/common/Error.h"
#include "core/hessian/Lanczos.h"
#include "core/landscape/RandomDirection.h"

namespace modescape::landscape {

model::ParameterSet directionOf(const at::Tensor& flat,
                                const std::vector<hessian::ParameterBlock>& blocks,
                                const model::ParameterSet& weights, Normalization normalization,
                                IgnoreMode ignore) {
    model::ParameterSet direction;
    const at::Tensor cpu = flat.to(at::kCPU, at::kFloat);
    for (const auto& b : blocks)
        direction.add(b.name,
                      cpu.narrow(0, b.offset, b.size).view(weights.at(b.name).sizes()).clone(),
                      model::TensorRole::Parameter);
    if (normalization != Normalization::None)
        normalizeDirection(direction, weights, normalization, ignore);
    return direction;
}

double curvatureAlong(const hessian::HessianOperator& op, const model::ParameterSet& direction) {
    at::Tensor flat = at::zeros({op.dimension()}, op.vectorOptions());
    for (const auto& b : op.blocks()) {
        const at::Tensor d = direction.find(b.name);
        if (d.defined())
            flat.narrow(0, b.offset, b.size).copy_(d.reshape({-1}));
    }
    const double squared = flat.dot(flat).item<double>();
    return squared > 0 ? flat.dot(op.apply(flat)).item<double>() / squared : 0.0;
}

HessianPlane hessianPlane(const model::Model& model, const model::ParameterSet& center,
                          const at::Tensor& inputs, const at::Tensor& labels,
                          const LandscapeSettings& s, const JobContext& job) {
    // The batch size only trades memory for speed; the landscape's, if given.
    const std::int64_t batch = s.batchSize > 0 ? s.batchSize : 1024;
    const hessian::HessianOperator op(model, center, inputs, labels, batch, job.device);
    const std::vector<int> ranks(s.eigenvectors.begin(), s.eigenvectors.begin() + s.dimensions);
    hessian::LanczosOptions lanczos;
    lanczos.wanted = *std::max_element(ranks.begin(), ranks.end());
    lanczos.maxSteps = 300;
    // Tighter than the hessian analysis's 1e-6: the directions themselves are
    // wanted, and an eigenvector's error goes with its residual over the gap.
    lanczos.tolerance = 1e-8;
    lanczos.seed = s.seed;
    const auto top = hessian::topEigenpairs(
        [&op](const at::Tensor& v) { return op.apply(v); }, op.dimension(), op.vectorOptions(),
        lanczos,
        [&](int steps) {
            job.checkCancelled();
            job.report(0.0, "Hessian directions: Lanczos step " + std::to_string(steps));
        });
    HessianPlane plane;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        const std::size_t k = static_cast<std::size_t>(ranks[i] - 1);
        if (k >= top.values.size())
            throw InvalidArgument("landscape: the Hessian has only " +
                                  std::to_string(top.values.size()) + " eigenvalues; eigenvector " +
                                  std::to_string(ranks[i]) + " does not exist");
        model::ParameterSet d =
            directionOf(top.vectors[k], op.blocks(), center, s.normalization, s.ignore);
        job.checkCancelled();
        plane.curvature.push_back({ranks[i], top.values[k], top.residuals[k], curvatureAlong(op, d),
                                   top.steps, top.converged});
        (i == 0 ? plane.x : plane.y) = std::move(d);
    }
    return plane;
}

}  // namespace modescape::landscape
