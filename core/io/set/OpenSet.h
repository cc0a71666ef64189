#pragma once
// Opens a checkpoint-set folder: reads the manifest (when there is one) and
// every member's header (never its tensors), and checks that all members
// share one parameter list. A job: progress per file, cancellable.

#include <string>
#include <vector>

#include "core/common/Error.h"
#include "core/io/CheckpointFile.h"
#include "core/io/set/CheckpointSet.h"
#include "core/jobs/Progress.h"

namespace modescape::io {

struct OpenSetOptions {
    OpenOptions checkpoint;  // passed to every openCheckpoint()
    // Read members that resolve outside the set folder (symlinks, "../" or
    // absolute manifest paths). Off by default: the user allows it for one
    // run (`--allow-outside`, the GUI's confirmation). See PathContainment.h.
    bool allowOutside = false;
};

// Thrown when no member could be read and some were refused, unread, for
// lying outside the set folder: allowing them (OpenSetOptions::allowOutside)
// may open the set. excluded() lists every excluded member.
class MembersOutsideSet : public FormatError {
  public:
    MembersOutsideSet(const std::string& folder, const std::string& problem,
                      std::vector<ExcludedMember> excluded)
        : FormatError(folder, problem), excluded_(std::move(excluded)) {}
    const std::vector<ExcludedMember>& excluded() const { return excluded_; }

  private:
    std::vector<ExcludedMember> excluded_;
};

// Members outside the set folder (unless allowed), members that cannot be
// read, and members whose tensor names or shapes differ from the reference
// are excluded: each gets an ExcludedMember and a warning (also logged)
// naming the file, the tensor, the expected and the found shape. Every header
// is read once. The reference is the manifest's "reference" when it names a
// readable member, else the first member of the shape signature most members
// share (ties: the earliest member's signature; ReferenceChoice.h).
// Throws IoError when the folder is missing or holds no checkpoint file,
// FormatError when modescape.json is broken, when none of the files it lists
// exists, or when no member can be read (MembersOutsideSet when some were
// refused for lying outside the folder); Cancelled when cancelled.
CheckpointSet openCheckpointSet(const std::string& folder, const JobContext& context,
                                const OpenSetOptions& options = {});

}  // namespace modescape::io
