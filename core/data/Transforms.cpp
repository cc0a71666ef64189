#include "core/data/Transforms.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <string>

#include "core/common/Error.h"
#include "core/data/SeededRandom.h"

namespace modescape::data {

namespace {

// [N, C, ...] -> [C, N * rest] in double, so each row is one channel.
at::Tensor channelRows(const at::Tensor& inputs) {
    if (!inputs.defined() || inputs.dim() < 2)
        throw InvalidArgument("normalisation needs inputs of shape [N, C, ...]");
    return inputs.to(at::kDouble).transpose(0, 1).reshape({inputs.size(1), -1});
}

// Shape [1, C, 1, ...] that broadcasts per channel over inputs.
std::vector<std::int64_t> channelShape(const at::Tensor& inputs) {
    std::vector<std::int64_t> shape(static_cast<std::size_t>(inputs.dim()), 1);
    shape[1] = inputs.size(1);
    return shape;
}

}  // namespace

ChannelStats computeChannelStats(const at::Tensor& inputs) {
    const auto rows = channelRows(inputs);
    if (rows.size(1) == 0)
        throw InvalidArgument("cannot compute channel statistics of an empty set");
    const auto mean = rows.mean(1);
    const auto std = rows.std(1, /*unbiased=*/false);
    ChannelStats stats;
    for (std::int64_t c = 0; c < rows.size(0); ++c) {
        stats.mean.push_back(mean[c].item<double>());
        stats.std.push_back(std[c].item<double>());
    }
    return stats;
}

void applyNormalization(Dataset& data, const ChannelStats& stats) {
    if (!data.inputs.defined() || data.inputs.dim() < 2 ||
        data.inputs.size(1) != static_cast<std::int64_t>(stats.mean.size()) ||
        stats.mean.size() != stats.std.size())
        throw InvalidArgument(
            "dataset '" + data.name + "' has " +
            std::to_string(data.inputs.defined() && data.inputs.dim() >= 2 ? data.inputs.size(1)
                                                                           : 0) +
            " channels but the normalisation has " + std::to_string(stats.mean.size()) +
            "; normalise data sets of the same kind");
    std::vector<double> divisor = stats.std;
    for (auto& s : divisor)
        if (s <= 0)
            s = 1;  // constant channel: centring is all we can do
    const auto shape = channelShape(data.inputs);
    const auto mean = at::tensor(stats.mean, at::kDouble).reshape(shape).to(at::kFloat);
    const auto std = at::tensor(divisor, at::kDouble).reshape(shape).to(at::kFloat);
    data.inputs = (data.inputs - mean) / std;
    data.normalization = stats;
}

ChannelStats normalizeWithTrainStats(std::vector<Dataset>& sets) {
    const auto train = std::find_if(sets.begin(), sets.end(),
                                    [](const Dataset& d) { return d.role == DatasetRole::Train; });
    if (train == sets.end())
        throw InvalidArgument("normalisation needs a train data set to compute its statistics");
    const ChannelStats stats = computeChannelStats(train->inputs);
    for (auto& set : sets)
        applyNormalization(set, stats);
    return stats;
}

Dataset seededSubset(const Dataset& data, std::int64_t n, std::uint64_t seed) {
    if (n < 0)
        throw InvalidArgument("subset size must be >= 0, got " + std::to_string(n));
    const std::int64_t size = data.size();
    if (n >= size)
        return data;
    std::vector<std::int64_t> order(static_cast<std::size_t>(size));
    for (std::int64_t i = 0; i < size; ++i)
        order[static_cast<std::size_t>(i)] = i;
    SeededRandom random(seed);
    random.shuffle(order);
    order.resize(static_cast<std::size_t>(n));
    std::sort(order.begin(), order.end());
    const auto index = at::tensor(order, at::kLong);
    Dataset subset = data;
    subset.inputs = data.inputs.index_select(0, index);
    subset.labels = data.labels.index_select(0, index);
    return subset;
}

}  // namespace modescape::data
