#include "core/io/set/ReferenceChoice.h"

#include <algorithm>
#include <map>
#include <stdexcept>

namespace modescape::io {

std::string shapeSignature(const std::vector<TensorInfo>& tensors) {
    std::vector<std::string> entries;
    entries.reserve(tensors.size());
    // Length-prefixed, so no character of a name can imitate a separator.
    for (const TensorInfo& t : tensors)
        entries.push_back(std::to_string(t.name.size()) + ':' + t.name + shapeToString(t.shape));
    std::sort(entries.begin(), entries.end());
    std::string signature;
    for (const std::string& e : entries)
        signature += e;
    return signature;
}

std::size_t chooseReference(const std::vector<const std::vector<TensorInfo>*>& headers) {
    if (headers.empty())
        throw std::invalid_argument("chooseReference: no readable member");
    struct Tally {
        std::size_t count = 0;
        std::size_t first = 0;
    };
    std::map<std::string, Tally> tallies;
    for (std::size_t i = 0; i < headers.size(); ++i) {
        Tally& t = tallies[shapeSignature(*headers[i])];
        if (t.count++ == 0)
            t.first = i;
    }
    const Tally* best = nullptr;
    for (const auto& [signature, tally] : tallies)
        if (!best || tally.count > best->count ||
            (tally.count == best->count && tally.first < best->first))
            best = &tally;
    return best->first;
}

}  // namespace modescape::io
