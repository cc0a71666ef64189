#pragma once
// Operations on loaded data sets: per-channel normalisation and seeded subsets.

#include <cstdint>
#include <vector>

#include "core/data/Dataset.h"

namespace modescape::data {

// Mean and (population) standard deviation of each channel, channel = dim 1
// of the inputs ([N, C, H, W] -> C values, [N, D] -> D values).
ChannelStats computeChannelStats(const at::Tensor& inputs);

// inputs <- (inputs - mean) / std per channel; a channel with std 0 is only
// centred. Records the statistics in data.normalization. Throws
// InvalidArgument when the channel counts differ.
void applyNormalization(Dataset& data, const ChannelStats& stats);

// Normalises every set with the statistics of the Train one (so test and OOD
// data see the same transform as training). Throws InvalidArgument when there
// is no train set; returns the statistics used.
ChannelStats normalizeWithTrainStats(std::vector<Dataset>& sets);

// A fixed random subset of n samples (in their original order): the same
// (data, n, seed) gives the same subset on every run. n >= size returns all.
Dataset seededSubset(const Dataset& data, std::int64_t n, std::uint64_t seed);

}  // namespace modescape::data
