#pragma once
// The activations the built-in architectures offer, by their manifest names.

#include <string>

namespace at {
class Tensor;
}

namespace modescape::model {

enum class Activation { Relu, Tanh, Gelu, Silu };

// "relu", "tanh", "gelu" (exact erf form, nn.GELU's default), "silu".
// Throws InvalidArgument for any other name, listing the valid ones.
Activation parseActivation(const std::string& name);
const char* activationName(Activation activation);
at::Tensor applyActivation(Activation activation, const at::Tensor& x);

}  // namespace modescape::model
