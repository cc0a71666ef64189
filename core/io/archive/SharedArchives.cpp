// The process-wide registry of open archives: each archive is indexed (or
// its index loaded) once, whoever asks for it. Entries hold weak references,
// so an archive nobody uses any more is released.

#include <filesystem>
#include <map>
#include <mutex>

#include "core/io/archive/ArchiveReader.h"

namespace modescape::io::archive {
namespace {

std::mutex& registryMutex() {
    static std::mutex mutex;
    return mutex;
}

std::map<std::string, std::weak_ptr<const ArchiveReader>>& registry() {
    static std::map<std::string, std::weak_ptr<const ArchiveReader>> archives;
    return archives;
}

ArchiveOptions& defaults() {
    static ArchiveOptions options;
    return options;
}

std::string registryKey(const std::string& path) {
    std::error_code error;
    const std::filesystem::path absolute = std::filesystem::weakly_canonical(path, error);
    return error ? path : absolute.string();
}

}  // namespace

std::shared_ptr<const ArchiveReader> sharedArchive(const std::string& path,
                                                   const JobContext& context,
                                                   const ArchiveOptions& givenOptions) {
    // Options left at their defaults mean "none given": use the process's.
    const ArchiveOptions untouched;
    const ArchiveOptions options =
        givenOptions.cacheDir.empty() &&
                givenOptions.extractCacheBytes == untouched.extractCacheBytes
            ? defaultArchiveOptions()
            : givenOptions;
    const std::string key = registryKey(path);
    {
        const std::lock_guard<std::mutex> lock(registryMutex());
        if (auto open = registry()[key].lock())
            return open;
    }
    // Opened outside the lock: indexing a big archive takes minutes, and other
    // archives may be asked for meanwhile. Two callers racing for the same
    // archive both open it; the first registered wins.
    auto opened = openArchive(path, context, options);
    const std::lock_guard<std::mutex> lock(registryMutex());
    if (auto open = registry()[key].lock())
        return open;
    registry()[key] = opened;
    return opened;
}

void setDefaultArchiveOptions(const ArchiveOptions& options) {
    const std::lock_guard<std::mutex> lock(registryMutex());
    defaults() = options;
}

const ArchiveOptions& defaultArchiveOptions() {
    // Set once at start-up, before any archive is opened.
    return defaults();
}

}  // namespace modescape::io::archive
