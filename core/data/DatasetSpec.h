#pragma once
// Dataset spec strings, used by the CLI and checkpoint-set manifests:
//   KIND:ARG,ARG,...   where each ARG is a path / word or key=value.
// See docs/datasets.md for every form.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/data/Dataset.h"

namespace modescape::data {

struct DatasetSpec {
    std::string text;                            // as given
    std::string kind;                            // "fashion-mnist", "npz", "moons", ...
    std::vector<std::string> positional;         // paths or words, in order
    std::map<std::string, std::string> options;  // key=value arguments
};

// Parses and checks the syntax and the keys allowed for the kind. Throws
// InvalidArgument with a message listing the accepted forms.
DatasetSpec parseDatasetSpec(const std::string& text);

// The accepted forms, one per line, for help texts and error messages.
std::string acceptedDatasetSpecs();

struct LoadOptions {
    // Relative paths in the spec resolve against this folder (the checkpoint
    // set's folder); empty = the current directory.
    std::string baseDir;
    // Role of the result; unset = inferred (":test" / split=test -> Test,
    // moons-ood -> Ood, otherwise Train).
    std::optional<DatasetRole> role;
    // Where Debian's dataset-fashion-mnist package puts its files.
    std::string fashionMnistDir = "/usr/share/datasets/fashion-mnist";
};

// Loads what the spec names (subset=N,subset-seed=S work for every kind).
// Throws InvalidArgument for a bad spec, IoError / FormatError for bad files.
Dataset loadDataset(const std::string& spec, const LoadOptions& options = {});
Dataset loadDataset(const DatasetSpec& spec, const LoadOptions& options = {});

}  // namespace modescape::data
