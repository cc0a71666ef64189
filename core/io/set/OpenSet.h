#pragma once
// Opens a checkpoint-set folder: reads the manifest (when there is one) and
// every member's header (never its tensors), and checks that all members
// share one parameter list. A job: progress per file, cancellable.

#include <string>

#include "core/io/CheckpointFile.h"
#include "core/io/set/CheckpointSet.h"
#include "core/jobs/Progress.h"

namespace modescape::io {

struct OpenSetOptions {
    OpenOptions checkpoint;  // passed to every openCheckpoint()
};

// Members that cannot be read, or whose tensor names or shapes differ from
// the reference member (the manifest's "reference", else the first readable
// member), are excluded: each gets an ExcludedMember and a warning (also
// logged) naming the file, the tensor, the expected and the found shape.
// Throws IoError when the folder is missing or holds no checkpoint file,
// FormatError when modescape.json is broken, when none of the files it lists
// exists, or when no member can be read; Cancelled when cancelled.
CheckpointSet openCheckpointSet(const std::string& folder, const JobContext& context,
                                const OpenSetOptions& options = {});

}  // namespace modescape::io
