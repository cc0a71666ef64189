#pragma once
// The sidecar manifest: the model, datasets and default normalisation a user
// chose for a set (the GUI's "Model and data" dialog), kept beside the set so
// the next open finds them. An archive A.tgz gets "A.tgz.modescape.json" next
// to it (an archive is never modified); a folder gets its own modescape.json.
// Only "model", "datasets" and "normalization" are written: every other key of
// an existing file (members, task, reference ...) is kept.

#include <optional>
#include <string>

#include "core/io/set/SetOverrides.h"

namespace modescape::io {

// Where the sidecar of the set opened from setPath lives: PATH.modescape.json
// for a file (an archive), PATH/modescape.json for a folder.
std::string sidecarManifestPath(const std::string& setPath);

// The model, datasets and "normalization" of the manifest at path, as
// overrides with source "sidecar"; nullopt when there is no such file. Throws
// FormatError (naming path) for broken JSON or schema, as parseManifest does.
std::optional<SetOverrides> readSidecarManifest(const std::string& path);

// Writes content's model (a None or absent model removes "model"), datasets
// (replacing "datasets"; none removes it) and normalisation (absent or ""
// removes "normalization") into path atomically (AtomicFile.h). Throws
// FormatError when the existing file is not a JSON object (it is left
// untouched), IoError when it cannot be written.
void writeSidecarManifest(const std::string& path, const SetOverrides& content);

}  // namespace modescape::io
