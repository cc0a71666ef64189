#pragma once
// The parameters that choose an ensemble of a set on a split, shared by the
// calibrate and uncertainty analyses: --members A,B (the GUI's selection by
// default), --group G and --split ROLE, their rules in one place, and the
// members they name.

#include <string>
#include <vector>

#include "core/analysis/Parameter.h"

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::analysis {

ParameterSpec membersParameter();
ParameterSpec groupParameter();
ParameterSpec splitParameter();

// Throws InvalidArgument when both members and group are given; with a set,
// also for a member it lacks, a group without members, or a split it has no
// dataset for.
void checkEnsembleChoice(const ParameterValues& values, const io::CheckpointSet* set);

// The members to use, in order: the given ones, else the group's, else all.
// Throws as checkEnsembleChoice.
std::vector<std::string> chosenMembers(const ParameterValues& values, const io::CheckpointSet& set);

}  // namespace modescape::analysis
