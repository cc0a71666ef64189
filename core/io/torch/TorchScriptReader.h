#pragma once
// TorchScript archives (torch.jit.save) read as data: parameters and buffers
// by name, without loading the module. torch::jit::load would run the
// archive's code (a class's __setstate__ runs on load), so a member of a set
// is never loaded that way; only a model the user named runs
// (core/model/TorchScriptModel.h).

#include <memory>
#include <string>

#include "core/io/CheckpointFile.h"

namespace modescape::io::torchfile {

// Reads <archive>/data.pkl with the restricted unpickler (the module's
// classes become inert placeholders) and the class declarations in code/
// (which attributes are parameters and buffers), and lists the tensors as
// torch.jit's named_parameters() then named_buffers() would, recursively.
// format() is "torchscript". Storage bytes are read on demand.
// Throws FormatError naming the file when the archive is damaged, or when a
// module restores its state with its own code (__setstate__): such a file's
// tensors cannot be found without running it.
std::unique_ptr<CheckpointFile> openTorchScript(const std::string& path);

}  // namespace modescape::io::torchfile
