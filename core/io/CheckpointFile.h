#pragma once
// One checkpoint file opened for reading, whatever its format. Opening reads
// the header / index only; tensor data is read (or memory-mapped) on demand.
// Every reader (safetensors, torch.save zip and legacy, Lightning, TorchScript)
// implements this interface; openCheckpoint() picks the reader by content.

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/TensorInfo.h"

namespace at {
class Tensor;
}

namespace modescape::io {

class CheckpointFile {
  public:
    virtual ~CheckpointFile() = default;

    virtual const std::string& path() const = 0;
    // Format name for messages and `info`: "safetensors", "torch-zip", "torch-legacy",
    // "lightning", "torchscript".
    virtual std::string format() const = 0;
    // Every tensor of the state dict, in file order, names as PyTorch wrote them.
    virtual const std::vector<TensorInfo>& tensors() const = 0;
    // Reads one tensor as a contiguous CPU tensor of its stored dtype.
    // Throws InvalidArgument for an unknown name, FormatError for bad data.
    virtual at::Tensor read(const std::string& name) const = 0;
    // Free-form metadata (safetensors __metadata__, Lightning epoch and
    // hyper-parameters as JSON text, ...).
    virtual std::map<std::string, std::string> metadata() const { return {}; }

    // Convenience: the TensorInfo of name, or nullptr.
    const TensorInfo* find(const std::string& name) const;
};

struct OpenOptions {
    // Lightning: prefix stripped from state-dict keys. Empty = automatic
    // (strip "model." or "net." when every key has it).
    std::string keyPrefix;
    // Whether an error may quote the file's first bytes (as hex). False for a
    // file outside the set folder: its content is not ours to print.
    bool quoteHead = true;
};

// Opens path with the reader its content calls for. Throws IoError when the
// file cannot be read and FormatError when it is not a checkpoint Modescape
// understands (the message names the file and the problem).
std::unique_ptr<CheckpointFile> openCheckpoint(const std::string& path,
                                               const OpenOptions& options = {});

// The file suffixes treated as checkpoints when a folder is scanned.
const std::vector<std::string>& checkpointSuffixes();

}  // namespace modescape::io
