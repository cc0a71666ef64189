#pragma once
// The optional manifest of a checkpoint set, `modescape.json` (schema and an
// example in docs/checkpoint-set.md). Parsing only: files are not checked here.

#include <map>
#include <string>
#include <vector>

#include "core/io/set/CheckpointSet.h"

namespace modescape::io {

inline constexpr const char* kManifestFileName = "modescape.json";

struct ManifestMember {
    std::string file;   // relative to the set folder, as written
    std::string group;  // empty when the manifest gives none
    std::map<std::string, std::string> metadata;
};

struct SetManifest {
    ModelSpec model;
    std::vector<DatasetSpec> datasets;
    std::string task = "classification";
    std::string reference;  // file of the member others are checked against; may be empty
    // False when the manifest has no "members": the folder is scanned instead.
    bool listsMembers = false;
    std::vector<ManifestMember> members;
    std::vector<std::string> warnings;
};

// Parses manifest text. path names the file in messages; folder resolves the
// model's relative path. Throws FormatError(path, ...) for text that is not
// JSON (with the line, column and byte of the fault) or that breaks the schema
// (with the place, e.g. "members[2].file: expected a string").
SetManifest parseManifest(const std::string& text, const std::string& path,
                          const std::string& folder);

// Reads and parses folder/modescape.json. Throws IoError when it cannot be read.
SetManifest readManifest(const std::string& path, const std::string& folder);

}  // namespace modescape::io
