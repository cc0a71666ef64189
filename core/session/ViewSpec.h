#pragma once
// Views written on a command line: `ANALYSIS[:param=value,...]` as
// `modescape session init --view` takes them, and the views a session of a
// set starts with when none is named.
//
// Parameters are named as in the analysis's table (`modescape analyses
// --json`) or by their flag without the dashes (`dirs` for `directions`),
// their values written as on the command line (valuesFromText). A
// comma followed by text without '=' continues the value before it, so
// member lists and grids need no quoting:
//   landscape:dirs=plane:m1,m2,m3,grid=-1:1:21,-1:1:21,points-per-forward=64

#include <string>
#include <vector>

#include "core/session/Session.h"

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::session {

// The view `text` names, its id free in `session`, its parameters complete()d
// by the analysis (defaults filled in, values and rules checked; with `set`,
// member names and roles against the set). Throws InvalidArgument starting
// with "--view 'TEXT': " that names the parameter, or lists the known
// analyses or parameters.
View parseViewSpec(const std::string& text, const Session& session,
                   const io::CheckpointSet* set = nullptr);

// The views a new session of a set shows: the set's overview, a loss
// landscape, a map of the members (project) and a reliability diagram
// (calibrate), each with its analysis's defaults.
std::vector<std::string> defaultViewSpecs();

}  // namespace modescape::session
