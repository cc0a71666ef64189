#pragma once
// torch.save zip archives (PyTorch >= 1.6): <archive>/data.pkl through the
// restricted unpickler, storages in <archive>/data/<key>.

#include <memory>
#include <string>

#include "core/io/CheckpointFile.h"

namespace modescape::io::torchfile {

// Opens the archive, reads data.pkl and checks that every storage record the
// tensors need exists; storage bytes are read only by read(name). Returns
// format "torch-zip" or "lightning". Throws FormatError naming the file (and
// the missing record) for damaged archives.
std::unique_ptr<CheckpointFile> openTorchZip(const std::string& path, const OpenOptions& options);

// True when the zip archive at path is a TorchScript archive (has constants.pkl).
bool isTorchScriptArchive(const std::string& path);

}  // namespace modescape::io::torchfile
