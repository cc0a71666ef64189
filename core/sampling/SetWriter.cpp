#include "core/sampling/SetWriter.h"

#include <ATen/ATen.h>

#include <filesystem>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/safetensors/SafetensorsWriter.h"

namespace modescape::sampling {
namespace fs = std::filesystem;

void writeCheckpointSet(const std::string& folder, const SetDescription& description,
                        const std::vector<Member>& members) {
    const fs::path target = fs::absolute(folder);
    const fs::path partial = target.string() + ".partial";
    std::error_code ec;
    fs::remove_all(partial, ec);
    fs::create_directories(partial, ec);
    if (ec) throw IoError(partial.string(), "cannot create the folder: " + ec.message());

    nlohmann::json manifest;
    manifest["model"] = description.model;
    manifest["datasets"] = description.datasets;
    manifest["task"] = description.task;
    if (!description.provenance.is_null()) manifest["provenance"] = description.provenance;
    manifest["members"] = nlohmann::json::array();
    for (const Member& member : members) {
        const std::string relative = member.group + "/" + member.name + ".safetensors";
        fs::create_directories(partial / member.group, ec);
        if (ec) throw IoError((partial / member.group).string(), "cannot create the folder: " + ec.message());
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const auto& entry : member.weights.entries())
            tensors.emplace_back(entry.name, entry.tensor.detach().contiguous());
        std::map<std::string, std::string> metadata = member.metadata;
        metadata["group"] = member.group;
        io::writeSafetensors((partial / relative).string(), tensors, metadata);
        manifest["members"].push_back({{"file", relative}, {"group", member.group}, {"metadata", member.metadata}});
    }
    io::writeFileAtomically((partial / "modescape.json").string(), manifest.dump(2) + "\n");

    // Swap the complete set into place.
    if (fs::exists(target)) {
        const fs::path old = target.string() + ".old";
        fs::remove_all(old, ec);
        fs::rename(target, old, ec);
        if (ec) throw IoError(target.string(), "cannot replace the existing set: " + ec.message());
        fs::rename(partial, target, ec);
        fs::remove_all(old);
    } else {
        if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
        fs::rename(partial, target, ec);
    }
    if (ec) throw IoError(target.string(), "cannot move the finished set into place: " + ec.message());
}

}  // namespace modescape::sampling
