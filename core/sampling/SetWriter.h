#pragma once
// Writes sampler output as a checkpoint set folder: one safetensors file per
// member under <group>/<name>.safetensors and a modescape.json manifest naming
// the model, the datasets and every member with its metadata. The folder is
// built beside the target as <folder>.partial and renamed into place at the
// end, so a set on disk is always complete.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/sampling/Member.h"

namespace modescape::sampling {

struct SetDescription {
    nlohmann::json model;                         // {"builtin": "mlp", "args": {...}}
    std::map<std::string, std::string> datasets;  // role -> dataset spec
    std::string task = "classification";
    nlohmann::json provenance;                    // recipe, seeds, timings, statistics
};

// Throws IoError when the folder cannot be written; replaces an existing set
// only once the new one is complete.
void writeCheckpointSet(const std::string& folder, const SetDescription& description,
                        const std::vector<Member>& members);

}  // namespace modescape::sampling
