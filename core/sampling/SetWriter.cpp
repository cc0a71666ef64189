#include "core/sampling/SetWriter.h"

#include <ATen/ATen.h>

#include <filesystem>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputFolder.h"
#include "core/io/safetensors/SafetensorsWriter.h"

namespace modescape::sampling {
namespace fs = std::filesystem;

void writeCheckpointSet(const std::string& folder, const SetDescription& description,
                        const std::vector<Member>& members, io::ReplacePolicy replace,
                        const JobContext& context, double progressFrom, double progressTo) {
    io::OutputFolder output(folder, io::kCheckpointSetOutput, replace);
    const fs::path& partial = output.staging();
    std::error_code ec;

    nlohmann::json manifest;
    manifest["model"] = description.model;
    manifest["datasets"] = description.datasets;
    manifest["task"] = description.task;
    if (!description.provenance.is_null())
        manifest["provenance"] = description.provenance;
    manifest["members"] = nlohmann::json::array();
    for (std::size_t i = 0; i < members.size(); ++i) {
        const Member& member = members[i];
        context.checkCancelled();
        context.report(progressFrom + (progressTo - progressFrom) * static_cast<double>(i) /
                                          static_cast<double>(members.size()),
                       "writing " + member.group + "/" + member.name);
        const std::string relative = member.group + "/" + member.name + ".safetensors";
        fs::create_directories(partial / member.group, ec);
        if (ec)
            throw IoError((partial / member.group).string(),
                          "cannot create the folder: " + ec.message());
        std::vector<std::pair<std::string, at::Tensor>> tensors;
        for (const auto& entry : member.weights.entries())
            tensors.emplace_back(entry.name, entry.tensor.detach().contiguous());
        std::map<std::string, std::string> metadata = member.metadata;
        metadata["group"] = member.group;
        io::writeSafetensors((partial / relative).string(), tensors, metadata);
        manifest["members"].push_back(
            {{"file", relative}, {"group", member.group}, {"metadata", member.metadata}});
    }
    context.checkCancelled();
    io::writeFileAtomically((partial / "modescape.json").string(), manifest.dump(2) + "\n");
    output.commit();
}

}  // namespace modescape::sampling
