#include "core/model/Activation.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"

namespace modescape::model {

Activation parseActivation(const std::string& name) {
    if (name == "relu")
        return Activation::Relu;
    if (name == "tanh")
        return Activation::Tanh;
    if (name == "gelu")
        return Activation::Gelu;
    if (name == "silu")
        return Activation::Silu;
    throw InvalidArgument("unknown activation '" + name + "' (use relu, tanh, gelu or silu)");
}

const char* activationName(Activation activation) {
    switch (activation) {
        case Activation::Relu:
            return "relu";
        case Activation::Tanh:
            return "tanh";
        case Activation::Gelu:
            return "gelu";
        case Activation::Silu:
            return "silu";
    }
    return "?";
}

at::Tensor applyActivation(Activation activation, const at::Tensor& x) {
    switch (activation) {
        case Activation::Relu:
            return at::relu(x);
        case Activation::Tanh:
            return at::tanh(x);
        case Activation::Gelu:
            return at::gelu(x);
        case Activation::Silu:
            return at::silu(x);
    }
    return x;
}

}  // namespace modescape::model
