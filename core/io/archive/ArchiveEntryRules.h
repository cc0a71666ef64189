#pragma once
// Which archive entries are checkpoints, which are left out silently and
// which are rejected with a reason. Shared by the tar and zip passes.

#include <cstdint>
#include <string>

struct archive_entry;  // libarchive

namespace modescape::io::archive {

// What to do with one libarchive entry header.
struct EntryVerdict {
    enum class Action { Skip, Reject, ReadHead };
    Action action = Action::Skip;
    std::string reason;  // for Reject
};

// Directories and files without a checkpoint suffix are skipped; links,
// special files, unsafe paths, sparse files and a name already taken are
// rejected; the rest are read (their header decides). name is normalised.
EntryVerdict classifyEntry(struct archive_entry* entry, const std::string& name,
                           bool nameAlreadyTaken);

// The name as stored, '/'-separated, without leading "./".
std::string normalisedEntryName(const std::string& stored);

// Why a path cannot be an entry of ours ("its path is absolute", "its path
// leaves the archive (..)"), or "" when it is fine.
std::string entryPathProblem(const std::string& name);

// Whether name ends with one of io::checkpointSuffixes() (case-insensitive).
bool hasCheckpointSuffix(const std::string& name);

// How many leading bytes of an entry of entrySize bytes its checkpoint header
// takes, given its first 8 bytes (safetensors: 8 + N). When those bytes are
// no plausible safetensors length, just the 8 (or fewer) bytes.
std::uint64_t checkpointHeadSize(const unsigned char* first8, std::size_t available,
                                 std::uint64_t entrySize);

// Why an entry whose first bytes are head is not a checkpoint we read, or ""
// when head is a valid safetensors header for an entry of entrySize bytes.
std::string checkpointHeadProblem(const std::string& name, const std::string& head,
                                  std::uint64_t entrySize);

}  // namespace modescape::io::archive
