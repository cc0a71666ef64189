#pragma once
// Completes a checkpoint set just opened with what its own manifest does not
// say: a sidecar manifest beside an archive, the command line's (and, later,
// a session's) --model / --dataset, and, when none of them names a model, the
// architecture recognised from the tensors. Every front end calls it right
// after openCheckpointSet (CLI SetArgument::open, the GUI, symmetrizeSet).
// Precedence, highest first: command line, session, sidecar, the folder's
// manifest, recognition (docs/recognition.md).

#include <string>
#include <vector>

#include "core/io/set/CheckpointSet.h"
#include "core/io/set/SetOverrides.h"

namespace modescape::evaluation {

// openedPath is what the user opened (a folder or an archive file): it names
// the sidecar and the family (FamilyName.h). overrides come in rising
// precedence (a session's, then the command line's). Fills set.modelSource,
// set.recognition (always, also when a manifest names the model) and
// set.defaultNormalization (the family's unless a manifest, sidecar or
// override gives one). Throws FormatError for a broken sidecar manifest.
void completeSet(io::CheckpointSet& set, const std::string& openedPath,
                 const std::vector<io::SetOverrides>& overrides = {});

}  // namespace modescape::evaluation
