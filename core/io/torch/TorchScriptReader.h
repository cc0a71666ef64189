#pragma once
// TorchScript archives (torch.jit.save): parameters and buffers by name.

#include <memory>
#include <string>

#include "core/io/CheckpointFile.h"

namespace modescape::io::torchfile {

// Loads the module on the CPU (TorchScript has no header-only path) and lists
// its named_parameters() then named_buffers(). format() is "torchscript".
std::unique_ptr<CheckpointFile> openTorchScript(const std::string& path);

}  // namespace modescape::io::torchfile
