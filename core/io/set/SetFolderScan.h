#pragma once
// The members a set folder holds when no manifest lists them: every file with
// a checkpoint suffix (checkpointSuffixes()), in the folder and its
// sub-folders; the sub-folder's path is the group, numbers in the file name
// become metadata (NameMetadata.h). Hidden files and folders are skipped.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace modescape::io {

struct MemberCandidate {
    std::string name;  // relative path, '/'-separated
    std::string path;  // absolute; "ARCHIVE/ENTRY" for an archive entry
    std::string group;
    std::map<std::string, std::string> metadata;
    // An archive entry (ArchiveSetScan.h): the archive's absolute path, the
    // entry's index and its uncompressed size. archive is empty for a file.
    std::string archive;
    std::size_t archiveEntry = 0;
    std::uint64_t entryBytes = 0;
};

// The regular files below folder whose file name `wanted` accepts, as
// candidates (name relative to folder, path absolute; no group or metadata)
// in natural order of their names (seed2 before seed10). Hidden files and
// folders are skipped. Throws IoError when the folder cannot be listed.
std::vector<MemberCandidate> listVisibleFiles(
    const std::string& folder, const std::function<bool(const std::string&)>& wanted);

// Candidates in natural order of their names (seed2 before seed10).
// Throws IoError when the folder cannot be listed.
std::vector<MemberCandidate> scanSetFolder(const std::string& folder);

// Removes the set's model file (a TorchScript archive the manifest names as
// the model) from the candidates: the model is code, never a member. Adds a
// warning when the manifest also listed it as a member (listed = true).
void removeModelFile(std::vector<MemberCandidate>& candidates, const std::string& modelPath,
                     bool listed, std::vector<std::string>& warnings);

// The group a file at relative path name gets: its folder, or kUngrouped.
std::string groupFromRelativePath(const std::string& name);

}  // namespace modescape::io
