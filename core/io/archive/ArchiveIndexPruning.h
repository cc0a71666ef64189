#pragma once
// The archive-index folder must not grow without end: an index is kept per
// archive ever opened (tens of MB for a published 23 GB archive), and archives
// get moved or deleted. After each new index is written the folder is pruned:
// indexes unused for longer than maxAge go first, then the least recently used
// ones until the folder fits maxBytes. An index's mtime is its last use (a
// cached open touches it). The index just written is never removed, and only
// files named like indexes (*.idx) are considered.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace modescape::io::archive {

struct IndexPruningLimits {
    std::uint64_t maxBytes = 2ull << 30;  // all indexes together
    std::chrono::hours maxAge{24 * 90};   // unused this long: removed
};

// Removes indexes from folder as described above; returns the removed paths.
// Files that cannot be listed or removed are left (the next pruning retries).
std::vector<std::filesystem::path> pruneArchiveIndexes(
    const std::filesystem::path& folder, const std::filesystem::path& keep,
    const IndexPruningLimits& limits = {},
    std::filesystem::file_time_type now = std::filesystem::file_time_type::clock::now());

// Marks an index as used now (its mtime), so pruning keeps what is in use.
void touchArchiveIndex(const std::filesystem::path& index);

}  // namespace modescape::io::archive
