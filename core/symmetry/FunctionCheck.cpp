#include "core/symmetry/FunctionCheck.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

namespace modescape::symmetry {

at::Tensor randomInputs(const std::vector<std::int64_t>& sampleShape, std::int64_t n,
                        std::uint64_t seed) {
    std::vector<std::int64_t> shape{n};
    shape.insert(shape.end(), sampleShape.begin(), sampleShape.end());
    at::Generator generator = at::detail::createCPUGenerator(seed);
    return at::randn(shape, generator, at::TensorOptions().dtype(at::kFloat));
}

double relativeOutputDifference(const model::Model& model, const model::ParameterSet& a,
                                const model::ParameterSet& b, const at::Tensor& x) {
    const at::Tensor fa = model.forward(a, x).to(at::kDouble);
    const at::Tensor fb = model.forward(b, x).to(at::kDouble);
    const double scale = fa.abs().max().item<double>();
    const double difference = (fa - fb).abs().max().item<double>();
    return scale > 0 ? difference / scale : difference;
}

}  // namespace modescape::symmetry
