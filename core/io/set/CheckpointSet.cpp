#include "core/io/set/CheckpointSet.h"

#include <algorithm>
#include <filesystem>

namespace modescape::io {

std::string SetMember::value(const std::string& key) const {
    const auto it = metadata.find(key);
    return it == metadata.end() ? std::string() : it->second;
}

std::string ModelSpec::describe() const {
    switch (kind) {
        case Kind::None:
            return "none";
        case Kind::TorchScript:
            return "torchscript: " + path;
        case Kind::Builtin:
            return "builtin: " + builtin + (argsJson.empty() ? "" : " " + argsJson);
    }
    return "none";
}

std::string CheckpointSet::baseFolder() const {
    // A one-archive set's folder is the archive itself.
    if (archives.size() == 1 && archives.front().path == folder)
        return std::filesystem::path(folder).parent_path().string();
    return folder;
}

std::int64_t CheckpointSet::parametersPerMember() const {
    std::int64_t n = 0;
    for (const TensorInfo& t : tensors)
        n += t.numel();
    return n;
}

std::map<std::string, std::size_t> CheckpointSet::groupCounts() const {
    std::map<std::string, std::size_t> counts;
    for (const SetMember& m : members)
        ++counts[m.group];
    return counts;
}

std::vector<std::string> CheckpointSet::groups() const {
    std::vector<std::string> names;
    for (const SetMember& m : members)
        if (std::find(names.begin(), names.end(), m.group) == names.end())
            names.push_back(m.group);
    return names;
}

const SetMember* CheckpointSet::findMember(const std::string& name) const {
    for (const SetMember& m : members)
        if (m.name == name)
            return &m;
    return nullptr;
}

}  // namespace modescape::io
