#pragma once
// The parameters shared by the analyses that build a path between two
// members (connect, curve-plane): the members A and B, a saved curve instead
// of them, and how a curve is trained and evaluated. Declared once here so
// both subcommands and both GUI panels read the same names and defaults.

#include <string>

#include "core/analysis/Parameter.h"
#include "core/connectivity/PathSettings.h"

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::analysis {

// SET, A, B (positional) and --curve.
ParameterList memberPairParameters(const std::string& aHelp, const std::string& bHelp);

// --bends, --epochs, --lr, --batch-size, --wd, --momentum, --seed, --points,
// --eval-batch-size, --bn-samples; the training ones apply only to the path
// kinds in `trainedWhen` (empty: always).
ParameterList pathParameters(const std::vector<nlohmann::json>& trainedWhen);

// The typed settings of those values (kind from "path" when present).
connectivity::PathSettings pathSettingsFrom(const ParameterValues& values);

// The rules between A, B and --curve: two different members of the set, or a
// curve and no members. `command` starts the messages ("connect").
void checkMemberPair(const ParameterValues& values, const io::CheckpointSet* set,
                     const std::string& command);

// A or B; "" when not given.
std::string memberValue(const ParameterValues& values, const char* name);

}  // namespace modescape::analysis
