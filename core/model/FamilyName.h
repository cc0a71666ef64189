#pragma once
// What a checkpoint set's family name (its folder or archive name, e.g.
// "cifar10-resnet20-frn-silu-0-1023") says that the weights cannot: the
// activation and the dataset the members were trained on, hence the input
// normalisation they expect. The table and its sources: docs/recognition.md.

#include <optional>
#include <string>
#include <vector>

namespace modescape::model {

// A dataset family TorchUncertainty trains on, and the per-channel constants
// its datamodule normalises inputs with.
struct DatasetFamily {
    std::string name;  // "cifar10", "cifar100", "tiny-imagenet", "mnist"
    std::vector<double> mean;
    std::vector<double> std;
    // As dataset-spec options: "mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.2010".
    std::string normalizationOptions() const;
};

// The lower-case words of a name, split at '-', '_', '.', '/', ' ' ("cifar10",
// "resnet20", "frn", "silu", "0", "1023").
std::vector<std::string> familyWords(const std::string& name);

// The dataset family the name mentions, or nullopt. "cifar100" is never taken
// for "cifar10"; "fashion-mnist" is not "mnist".
std::optional<DatasetFamily> datasetFamilyOf(const std::string& name);

// The activation the name mentions ("silu", "relu", "gelu", "tanh"; "swish"
// counts as "silu"), or "" when it mentions none.
std::string activationOf(const std::string& name);

// The family name of a set opened from path: a folder's name, an archive's
// name without its suffix (".tgz", ".tar.gz", ".tar.zst", ".tar", ".zip"),
// either without a trailing member range ("cifar10-resnet18-0-1023.tgz" ->
// "cifar10-resnet18").
std::string familyNameOfPath(const std::string& path);

}  // namespace modescape::model
