#pragma once
// Readers for PyTorch checkpoints: torch.save zip (>= 1.6) and legacy (< 1.6)
// files, Lightning .ckpt files and TorchScript archives. Pickles are read by
// our own zip reader and restricted unpickler (core/io/pickle): nothing in a
// file is ever executed, TorchScript archives included.

#include <memory>
#include <string>

#include "core/io/CheckpointFile.h"

namespace modescape::io {

// Opens a torch.save / Lightning / TorchScript file; the format is chosen by
// content (zip with data.pkl, zip with constants/code = TorchScript, legacy
// pickle magic). Reads headers only; read(name) loads a tensor's storage.
// Throws IoError when the file cannot be read, FormatError when it is not a
// PyTorch checkpoint or is damaged (the message names the file and the problem).
// options.keyPrefix applies to the pickle formats (see torch/TorchStateDict.h);
// TorchScript names are the module's own and are not changed.
std::unique_ptr<CheckpointFile> openTorchCheckpoint(const std::string& path,
                                                    const OpenOptions& options = {});

// True when path starts like a file openTorchCheckpoint understands (a zip or
// a legacy pickle). Cheap: reads a few bytes; false when unreadable.
bool looksLikeTorchCheckpoint(const std::string& path);

}  // namespace modescape::io
