#pragma once
// Finds the state dict inside an unpickled torch.save / Lightning payload:
// which tensors, under which names, plus metadata. Pure: no file access.

#include <map>
#include <string>
#include <vector>

#include "core/io/CheckpointFile.h"
#include "core/io/pickle/PickleValue.h"

namespace modescape::io::torchfile {

struct NamedTensorRef {
    std::string name;
    pickle::TensorRef ref;
};

struct StateDictContents {
    std::vector<NamedTensorRef> tensors;
    std::map<std::string, std::string> metadata;
    bool lightning = false;  // a Lightning checkpoint (state_dict + epoch / global_step / version)
};

// Where the tensors are looked for: root["state_dict"] (Lightning and
// friends), else root["model_state_dict" | "model" | "net" | "module"] when
// it holds tensors and the root holds none directly, else everything under
// the root. Tensors nested in dicts, lists and placeholder objects are named
// by their path ("cfg.scale"); nn.Module placeholders by their state-dict
// names. Tensors of unsupported dtypes are skipped with a warning.
// Then options.keyPrefix is applied: a given prefix keeps only the names
// that start with it, stripped; an empty one strips "model." or "net." when
// every name has it. Throws FormatError (naming path) when no tensor is found
// or no name has the given prefix.
StateDictContents extractStateDict(const pickle::Value* root, const std::string& path,
                                   const OpenOptions& options);

}  // namespace modescape::io::torchfile
