#include "core/calibration/TensorInput.h"

#include <ATen/ATen.h>

#include <span>
#include <string>

#include "core/common/Error.h"

namespace modescape::calibration {

MemberProbabilities memberProbabilitiesFromTensor(const at::Tensor& probabilities) {
    if (!probabilities.defined() || probabilities.dim() != 3) {
        throw ShapeMismatch(
            "member probabilities must be a tensor [members, samples, classes], got " +
            (probabilities.defined() ? std::to_string(probabilities.dim()) + " dimensions"
                                     : std::string("an undefined tensor")));
    }
    const at::ScalarType type = probabilities.scalar_type();
    if (type != at::kFloat && type != at::kDouble && type != at::kHalf && type != at::kBFloat16) {
        throw InvalidArgument(std::string("member probabilities must be floating point, got ") +
                              c10::toString(type));
    }
    const std::int64_t members = probabilities.size(0), samples = probabilities.size(1),
                       classes = probabilities.size(2);
    if (type == at::kDouble) {
        const at::Tensor cpu = probabilities.to(at::kCPU).contiguous();
        return MemberProbabilities(
            std::span<const double>(cpu.data_ptr<double>(), static_cast<std::size_t>(cpu.numel())),
            members, samples, classes);
    }
    const at::Tensor cpu = probabilities.to(at::kCPU).to(at::kFloat).contiguous();
    return MemberProbabilities(
        std::span<const float>(cpu.data_ptr<float>(), static_cast<std::size_t>(cpu.numel())),
        members, samples, classes);
}

std::vector<std::int64_t> labelsFromTensor(const at::Tensor& labels) {
    if (!labels.defined() || labels.dim() != 1) {
        throw ShapeMismatch("labels must be a tensor [samples]");
    }
    if (!at::isIntegralType(labels.scalar_type(), /*includeBool=*/false)) {
        throw InvalidArgument(std::string("labels must have an integer dtype, got ") +
                              c10::toString(labels.scalar_type()));
    }
    const at::Tensor cpu = labels.to(at::kCPU).to(at::kLong).contiguous();
    const std::int64_t* data = cpu.data_ptr<std::int64_t>();
    return std::vector<std::int64_t>(data, data + cpu.numel());
}

}  // namespace modescape::calibration
