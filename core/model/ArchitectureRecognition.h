#pragma once
// Which built-in architecture a checkpoint set's tensors belong to, read from
// the tensor names and shapes alone (no tensor data): TorchUncertainty's CIFAR
// ResNet-18 / ResNet-20 (BatchNorm or FRN, conv bias, classes, input channels),
// LeNet-5 and nn.Sequential MLPs. A candidate is accepted only when the model
// zoo's own parameter spec matches every tensor (matchSpec), so recognition
// never picks a model the weights do not fit. The family name (the set's
// folder or archive name) decides what the weights cannot: the activation.
// Rules and examples: docs/recognition.md.

#include <string>
#include <vector>

#include "core/io/TensorInfo.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::model {

struct Recognition {
    io::ModelSpec model;  // Kind::Builtin when recognised, Kind::None otherwise
    // "resnet18, 10 classes, BatchNorm", or why nothing matched and how to name a model.
    std::string text;
    bool recognised() const { return model.kind == io::ModelSpec::Kind::Builtin; }
};

Recognition recogniseArchitecture(const std::vector<io::TensorInfo>& tensors,
                                  const std::string& familyName = "");

}  // namespace modescape::model
