#pragma once
// Inferred specs and their function checks, cached per model file content
// (userCacheFolder()/spec-checks/<content hash>.json), so `info` can show a
// check's result without running the model, and only for that exact file.

#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/symmetry/SpecInference.h"

namespace modescape::symmetry {

nlohmann::json specCheckToJson(const SpecCheck& check);
// {"spec": ..., "check": ..., "stopped_by": [...]}: what `symmetry-spec --json` prints.
nlohmann::json inferredSpecReport(const InferredSpec& inferred, const SpecCheck& check);

// The hex content hash of a file's bytes. Throws IoError when it cannot be read.
std::string fileContentHash(const std::string& path);

// Writes the report atomically under folder (default: the user cache folder);
// a cache that cannot be written is not an error (returns false).
bool storeSpecCheck(const std::string& modelPath, const nlohmann::json& report,
                    const std::string& folder = {});
// The cached report for this file content, if any (a damaged entry counts as none).
std::optional<nlohmann::json> cachedSpecCheck(const std::string& modelPath,
                                              const std::string& folder = {});

}  // namespace modescape::symmetry
