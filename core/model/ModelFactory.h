#pragma once
// Makes models from their manifest description:
//   {"builtin": "mlp", "args": {"widths": [2, 32, 32, 2], "activation": "relu", "dropout": 0.0}}
//   {"builtin": "lenet5", "args": {"in_channels": 1, "num_classes": 10}}
//   {"builtin": "resnet20", "args": {"num_classes": 10, "in_channels": 3, "norm": "bn",
//                                     "activation": "relu", "conv_bias": false}}
//   {"torchscript": "model.pt"}   (relative paths are resolved against baseDir)
// Defaults: mlp as shown; lenet5 1 channel, 10 classes; resnet18 / resnet20 10
// classes, 3 channels, norm bn, activation relu for bn and silu for frn, no conv bias.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/model/BuiltinModel.h"
#include "core/model/Model.h"

namespace modescape::model {

// "mlp", "lenet5", "resnet18", "resnet20".
const std::vector<std::string>& builtinModelNames();

// Throws InvalidArgument for an unknown name, an unknown argument (typos are
// not ignored) or an argument of the wrong type or range.
std::unique_ptr<BuiltinModel> makeBuiltinModel(const std::string& name, const nlohmann::json& args);

// A model from its manifest description (see above). Throws InvalidArgument for
// a malformed description, IoError / FormatError when a TorchScript file cannot
// be loaded.
std::unique_ptr<Model> makeModel(const nlohmann::json& description,
                                 const std::string& baseDir = "");

}  // namespace modescape::model
