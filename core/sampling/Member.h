#pragma once
// One posterior sample made by a sampler: its weights and its metadata, ready
// to be written as a member of a checkpoint set.

#include <map>
#include <string>
#include <vector>

#include "core/model/ParameterSet.h"

namespace modescape::sampling {

struct Member {
    std::string name;   // file stem, e.g. "ensemble-03"
    std::string group;  // method: "deep-ensemble", "swag", "mc-dropout", "hmc", "trajectory" ...
    model::ParameterSet weights;
    std::map<std::string, std::string> metadata;  // seed, epoch, sample index ...
};

// A sampler's members plus what it wants reported (acceptance rate, losses ...).
struct SamplerOutput {
    std::vector<Member> members;
    std::map<std::string, double> statistics;
};

}  // namespace modescape::sampling
