#pragma once
// The content hash a session stores for a view's computed result
// (docs/session.md): equal keys mean the same analysis, the same
// result-defining values and the same set, so a result kept under the key
// may be shown instead of computing it again.

#include <string>

#include "core/analysis/Analysis.h"

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::session {

// What identifies the set's content without reading its weights: its path,
// model (and a TorchScript model file's size and modification time),
// datasets, normalisation and manifest file (size and modification time), and
// per member its name, group, metadata, file (or archive entry), size and
// modification time. 32 hex digits.
std::string setFingerprint(const io::CheckpointSet& set);

// Hash of a key-format number, the analysis's name, its result-defining
// values with defaults filled in (the Set parameter left out: the set is in
// the fingerprint), the size and modification time of each file a path value
// names, the Modescape version and setFingerprint(set). 32 hex digits.
std::string resultKey(const analysis::Analysis& analysis, const analysis::ParameterValues& values,
                      const io::CheckpointSet& set);

}  // namespace modescape::session
