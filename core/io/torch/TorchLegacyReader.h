#pragma once
// torch.save's legacy format (PyTorch < 1.6, or _use_new_zipfile_serialization=False):
// five pickles in a row (magic number, protocol version, sys info, the
// payload, the storage keys), then per storage key an 8-byte little-endian
// element count and the raw little-endian bytes.

#include <memory>
#include <string>

#include "core/io/CheckpointFile.h"

namespace modescape::io::torchfile {

// Reads the pickles and the storage table (counts only, never the bytes).
// Returns format "torch-legacy" or "lightning". Throws IoError / FormatError
// naming the file.
std::unique_ptr<CheckpointFile> openTorchLegacy(const std::string& path,
                                                const OpenOptions& options);

}  // namespace modescape::io::torchfile
