#include "core/io/archive/ArchiveIndexPruning.h"

#include <algorithm>
#include <system_error>

namespace modescape::io::archive {
namespace {

namespace fs = std::filesystem;

struct IndexFile {
    fs::path path;
    std::uint64_t bytes = 0;
    fs::file_time_type lastUse;
};

std::vector<IndexFile> listIndexes(const fs::path& folder) {
    std::vector<IndexFile> found;
    std::error_code error;
    for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
        std::error_code statError;
        if (it->path().extension() != ".idx" || !it->is_regular_file(statError))
            continue;
        const std::uint64_t bytes = it->file_size(statError);
        const fs::file_time_type lastUse = it->last_write_time(statError);
        if (!statError)
            found.push_back({it->path(), bytes, lastUse});
    }
    return found;
}

}  // namespace

std::vector<fs::path> pruneArchiveIndexes(const fs::path& folder, const fs::path& keep,
                                          const IndexPruningLimits& limits,
                                          fs::file_time_type now) {
    std::vector<IndexFile> indexes = listIndexes(folder);
    // Least recently used first: the order in which they go.
    std::sort(indexes.begin(), indexes.end(),
              [](const IndexFile& a, const IndexFile& b) { return a.lastUse < b.lastUse; });
    std::uint64_t total = 0;
    for (const IndexFile& index : indexes)
        total += index.bytes;

    std::vector<fs::path> removed;
    for (const IndexFile& index : indexes) {
        std::error_code error;
        if (fs::equivalent(index.path, keep, error))
            continue;
        const bool stale = now - index.lastUse > limits.maxAge;
        if (!stale && total <= limits.maxBytes)
            continue;
        if (fs::remove(index.path, error)) {
            total -= index.bytes;
            removed.push_back(index.path);
        }
    }
    return removed;
}

void touchArchiveIndex(const fs::path& index) {
    std::error_code ignored;  // a read-only cache only loses its use order
    fs::last_write_time(index, fs::file_time_type::clock::now(), ignored);
}

}  // namespace modescape::io::archive
