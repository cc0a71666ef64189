#pragma once
// Every analysis Modescape offers, in the order the GUI and the docs list them.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/Analysis.h"

namespace modescape::analysis {

const std::vector<const Analysis*>& allAnalyses();

// The analysis whose info().name is `name`; throws InvalidArgument naming the
// known ones otherwise.
const Analysis& analysisNamed(const std::string& name);

// [{"name","title","summary","parameters":[specToJson...]}, ...]: what
// `modescape analyses --json` prints.
nlohmann::json analysesJson();

}  // namespace modescape::analysis
