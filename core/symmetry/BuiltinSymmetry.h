#pragma once
// The symmetry spec of each built-in architecture, derived from its layers:
//   mlp       one group per hidden layer; scalable when the activation is relu
//   lenet5    conv1 (6), conv2 (16, flattened into fc1 as 16 x 25), fc1, fc2; relu
//   resnet*   one group per residual stream (stem + each block's bn2 + shortcut,
//             a residual add forces one shared permutation) and one per block's
//             inner channels; scaling acts on the norm's affine (BN gamma/beta,
//             FRN gamma/beta/tau) and the next convolutions' inputs, never on a
//             convolution feeding a normalisation (BN removes it only up to eps);
//             scalable when the activation is relu.

#include "core/symmetry/SymmetrySpec.h"

namespace modescape::model {
class Model;
}

namespace modescape::symmetry {

bool hasBuiltinSymmetry(const model::Model& model);
// Throws InvalidArgument for a model that is not built in (TorchScript models
// need a JSON spec: readSymmetrySpec).
SymmetrySpec builtinSymmetrySpec(const model::Model& model);

}  // namespace modescape::symmetry
