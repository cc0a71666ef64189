#pragma once
// The `--model SPEC` text of the command line and the GUI's "Model and data"
// dialog, turned into the manifest's ModelSpec:
//   resnet18                                   a built-in with its defaults
//   resnet18:num_classes=100,norm=frn,activation=silu
//   mlp:widths=2:32:32:2,activation=tanh       ':' separates list items
//   model.ts, path/to/model.pt                 a TorchScript file (runs as code,
//                                              after the front end's approval)
// Values are typed by their look (integer, decimal, true/false, a ':' list,
// else text); makeBuiltinModel checks names, types and ranges.

#include <string>

#include "core/io/set/CheckpointSet.h"

namespace modescape::model {

// The accepted forms, for help texts and error messages.
std::string acceptedModelSpecs();

// Throws InvalidArgument naming the text, what is wrong and acceptedModelSpecs()
// for an unknown built-in, a malformed or unknown argument or a bad value.
// A TorchScript path is made absolute against baseDir (empty = the current
// directory); whether the file exists is checked when the model is built.
io::ModelSpec parseModelSpecText(const std::string& text, const std::string& baseDir = "");

// The text form of spec ("resnet18:num_classes=10,norm=bn", a path), so that
// parseModelSpecText gives spec back; "" for Kind::None.
std::string modelSpecText(const io::ModelSpec& spec);

}  // namespace modescape::model
