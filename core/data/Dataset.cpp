#include "core/data/Dataset.h"

#include <ATen/ATen.h>

#include "core/common/Error.h"
#include "core/data/DatasetRoleWords.h"

namespace modescape::data {

const char* roleName(DatasetRole role) {
    return wordOf(role, kDatasetRoleWords);
}

DatasetRole parseRole(const std::string& word) {
    for (const auto& entry : kDatasetRoleWords)
        if (word == entry.word)
            return entry.value;
    throw InvalidArgument(unknownRoleMessage(word));
}

std::int64_t Dataset::size() const {
    return labels.defined() ? labels.size(0) : 0;
}

std::vector<std::int64_t> Dataset::sampleShape() const {
    if (!inputs.defined() || inputs.dim() == 0)
        return {};
    auto sizes = inputs.sizes();
    return {sizes.begin() + 1, sizes.end()};
}

void Dataset::validate() const {
    const std::string who = "dataset '" + name + "'";
    if (!inputs.defined() || !labels.defined())
        throw InvalidArgument(who + ": inputs or labels are missing");
    if (inputs.scalar_type() != at::kFloat)
        throw InvalidArgument(who + ": inputs must be float32");
    if (labels.scalar_type() != at::kLong || labels.dim() != 1)
        throw InvalidArgument(who + ": labels must be a 1-D int64 tensor");
    if (inputs.dim() < 2)
        throw InvalidArgument(who + ": inputs must be [N, ...] with at least 2 dimensions");
    if (inputs.size(0) != labels.size(0))
        throw InvalidArgument(who + ": " + std::to_string(inputs.size(0)) + " inputs but " +
                              std::to_string(labels.size(0)) + " labels");
    if (labels.numel() > 0) {
        const auto lo = labels.min().item<std::int64_t>();
        const auto hi = labels.max().item<std::int64_t>();
        if (lo < 0 || hi >= numClasses)
            throw InvalidArgument(who + ": labels span [" + std::to_string(lo) + ", " +
                                  std::to_string(hi) + "] but the set declares " +
                                  std::to_string(numClasses) + " classes");
    }
}

std::int64_t countClasses(const at::Tensor& labels) {
    if (!labels.defined() || labels.numel() == 0)
        return 0;
    return labels.max().item<std::int64_t>() + 1;
}

}  // namespace modescape::data
