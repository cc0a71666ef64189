#pragma once
// Dataset spec strings, used by the CLI and checkpoint-set manifests:
//   KIND:ARG,ARG,...   where each ARG is a path / word or key=value.
// See docs/datasets.md for every form.

#include <functional>
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

struct NormalizationChoice;
// The normalisation the spec itself names (Unspecified when it names none).
NormalizationChoice specNormalization(const DatasetSpec& spec);

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
    // Normalisation for a spec that names none (norm=, mean=, std=), as options
    // text ("mean=a:b:c,std=a:b:c" or "norm=train"); empty = inputs as loaded.
    std::string defaultNormalization;
    // Said in outputs when the default applies.
    std::string defaultNormalizationSource = "the set's default";
    // norm=train: statistics of the set's train data and a description of
    // that data. Unset: train data uses its own statistics, other data is refused.
    std::function<ChannelStats()> trainStatistics;
    std::string trainDescription;
    // Inputs as stored whatever the spec or the default says (for train statistics).
    bool raw = false;
};

// Loads what the spec names (subset=N,subset-seed=S and the normalisation
// options norm=, mean=, std= work for every kind; see core/data/Normalization.h).
// Throws InvalidArgument for a bad spec, IoError / FormatError for bad files.
Dataset loadDataset(const std::string& spec, const LoadOptions& options = {});
Dataset loadDataset(const DatasetSpec& spec, const LoadOptions& options = {});

}  // namespace modescape::data
