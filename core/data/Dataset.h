#pragma once
// A labelled data set held in memory: what every reader and generator returns
// and what evaluation consumes.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <vector>

namespace modescape::data {

// What a data set is used for in a checkpoint set.
enum class DatasetRole { Train, Test, Ood };

// "train", "test", "ood".
const char* roleName(DatasetRole role);
// Inverse of roleName; throws InvalidArgument naming the accepted words.
DatasetRole parseRole(const std::string& word);

// Per-channel statistics used to normalise inputs (channel = dim 1 of the inputs).
struct ChannelStats {
    std::vector<double> mean;
    std::vector<double> std;
};

struct Dataset {
    // float32, [N, C, H, W] for images or [N, D] for tabular data.
    at::Tensor inputs;
    // int64, [N], values in [0, numClasses).
    at::Tensor labels;
    std::int64_t numClasses = 0;
    std::string name;
    DatasetRole role = DatasetRole::Train;
    // The spec string it was loaded from ("fashion-mnist:test", "moons:n=200,seed=1"),
    // recorded in results so they say which data produced them.
    std::string spec;
    // Set once normalised: the statistics that were subtracted / divided.
    ChannelStats normalization;
    // Where they came from, for outputs: "the spec", "the set's default",
    // "statistics of the train data 'cifar10:DIR'"; empty when not normalised.
    std::string normalizationSource;

    std::int64_t size() const;
    // Shape of one sample ([1, 28, 28] or [2]).
    std::vector<std::int64_t> sampleShape() const;
    // Throws InvalidArgument when the tensors disagree with the contract above.
    void validate() const;
};

// Number of classes implied by labels (max + 1; 0 for an empty set).
std::int64_t countClasses(const at::Tensor& labels);

}  // namespace modescape::data
