#pragma once
// Writes sampler output as a checkpoint set folder: one safetensors file per
// member under <group>/<name>.safetensors and a modescape.json manifest naming
// the model, the datasets and every member with its metadata. The folder is
// built beside the target and swapped into place at the end (io::OutputFolder),
// so a set on disk is always complete and a user's folder is never replaced
// unless the caller forces it.

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/OutputFolder.h"
#include "core/jobs/Progress.h"
#include "core/sampling/Member.h"

namespace modescape::sampling {

struct SetDescription {
    nlohmann::json model;                         // {"builtin": "mlp", "args": {...}}
    std::map<std::string, std::string> datasets;  // role -> dataset spec
    std::string task = "classification";
    nlohmann::json provenance;  // recipe, seeds, timings, statistics
};

// Throws IoError when the folder cannot be written, io::OutputFolderRefused
// when it exists and is not an earlier checkpoint-set output (unless replace
// is Anything); replaces an existing set only once the new one is complete.
// Reports each member written (fractions progressFrom..progressTo) and checks
// for cancellation before each: Cancelled then leaves no staging folder and
// the destination as it was.
void writeCheckpointSet(const std::string& folder, const SetDescription& description,
                        const std::vector<Member>& members,
                        io::ReplacePolicy replace = io::ReplacePolicy::OwnOutputOnly,
                        const JobContext& context = {}, double progressFrom = 0.0,
                        double progressTo = 1.0);

}  // namespace modescape::sampling
