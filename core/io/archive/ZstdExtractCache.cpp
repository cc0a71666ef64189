// The extraction cache of .tar.zst entries.

#include "core/io/archive/ZstdExtractCache.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>
#include <set>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/AtomicFile.h"
#include "core/io/archive/ArchiveIndexCache.h"
#include "core/io/archive/TarByteSource.h"

namespace fs = std::filesystem;

namespace modescape::io::archive {
namespace {

std::mutex& extractMutex() {
    static std::mutex mutex;
    return mutex;
}

std::string archiveKey(const std::string& absolutePath, const FileIdentity& identity) {
    std::uint64_t hash = 1469598103934665603ull;
    const std::string text = absolutePath + '\n' + std::to_string(identity.size) + '\n' +
                             std::to_string(identity.mtimeNs);
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    char name[24];
    std::snprintf(name, sizeof(name), "%016llx", static_cast<unsigned long long>(hash));
    return name;
}

struct CachedFile {
    fs::path path;
    std::uint64_t size = 0;
    fs::file_time_type lastUse;
};

// Every extracted file of every archive, oldest use first.
std::vector<CachedFile> cachedFiles(const fs::path& root) {
    std::vector<CachedFile> files;
    std::error_code error;
    for (fs::recursive_directory_iterator it(root, error), end; !error && it != end;
         it.increment(error)) {
        std::error_code fileError;
        if (!it->is_regular_file(fileError) || it->path().extension() != ".bin")
            continue;
        CachedFile file{it->path(), it->file_size(fileError), it->last_write_time(fileError)};
        if (!fileError)
            files.push_back(std::move(file));
    }
    std::sort(files.begin(), files.end(),
              [](const CachedFile& a, const CachedFile& b) { return a.lastUse < b.lastUse; });
    return files;
}

void markUsed(const fs::path& path) {
    std::error_code error;
    fs::last_write_time(path, fs::file_time_type::clock::now(), error);
}

std::string readWhole(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

// One pass over the stream, keeping the entries asked for.
class Extraction {
  public:
    Extraction(const fs::path& root, std::uint64_t bound) : root_(root), bound_(bound) {}

    // Makes room for size bytes, evicting the least recently used files
    // other than those of this pass; false when it cannot.
    bool makeRoom(std::uint64_t size) {
        if (size > bound_)
            return false;
        std::vector<CachedFile> files = cachedFiles(root_);
        std::uint64_t used = 0;
        for (const CachedFile& file : files)
            used += file.size;
        for (const CachedFile& file : files) {
            if (used + size <= bound_)
                break;
            if (written_.count(file.path) > 0)
                continue;
            std::error_code error;
            if (fs::remove(file.path, error))
                used -= file.size;
        }
        return used + size <= bound_;
    }

    void keep(const fs::path& path, const std::string& bytes) {
        if (!makeRoom(bytes.size()))
            return;
        std::error_code error;
        fs::create_directories(path.parent_path(), error);
        try {
            writeFileAtomically(path.string(), bytes);
            written_.insert(path);
        } catch (const IoError& failure) {
            log::warning(std::string("cannot keep an extracted archive entry: ") + failure.what());
        }
    }

  private:
    fs::path root_;
    std::uint64_t bound_;
    std::set<fs::path> written_;
};

}  // namespace

std::string readThroughExtractCache(const ArchiveFile& file, ArchiveKind kind,
                                    const std::string& absolutePath,
                                    const std::vector<ArchiveEntry>& entries,
                                    const std::vector<EntryLocation>& locations, std::size_t wanted,
                                    const ArchiveOptions& options) {
    const std::lock_guard<std::mutex> lock(extractMutex());
    const fs::path root = fs::path(resolvedCacheDir(options)) / "archive-extract";
    const fs::path folder = root / archiveKey(absolutePath, file.identity());
    const auto entryPath = [&](std::size_t i) { return folder / (std::to_string(i) + ".bin"); };

    const ArchiveEntry& entry = entries[wanted];
    {
        std::error_code error;
        if (fs::file_size(entryPath(wanted), error) == entry.size && !error) {
            std::string bytes = readWhole(entryPath(wanted));
            if (bytes.size() == entry.size &&
                bytes.compare(0, entry.head.size(), entry.head) == 0) {
                markUsed(entryPath(wanted));
                return bytes;
            }
        }
    }

    // A miss: the entry asked for, then those after it that are not cached,
    // while they fit in half the bound.
    std::vector<std::size_t> order(entries.size());
    for (std::size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        return locations[a].offset < locations[b].offset;
    });
    std::vector<std::size_t> plan{wanted};
    std::uint64_t planned = entry.size;
    for (std::size_t i : order) {
        if (locations[i].offset <= locations[wanted].offset)
            continue;
        std::error_code error;
        if (fs::exists(entryPath(i), error))
            continue;
        if (planned + entries[i].size > options.extractCacheBytes / 2)
            break;
        plan.push_back(i);
        planned += entries[i].size;
    }

    const JobContext quiet;
    std::unique_ptr<TarByteSource> source = kind == ArchiveKind::TarZstd
                                                ? makeZstdTarSource(file, quiet)
                                                : makeGzipTarSource(file, quiet);
    Extraction extraction(root, options.extractCacheBytes);
    std::string result;
    std::size_t next = 0;  // into plan, which is in storage order
    std::string bytes;
    std::uint64_t position = 0;
    try {
        while (next < plan.size()) {
            const auto [data, size] = source->next();
            if (size == 0)
                break;
            const std::uint64_t blockEnd = position + size;
            while (next < plan.size()) {
                const std::uint64_t start = locations[plan[next]].offset;
                const std::uint64_t end = start + entries[plan[next]].size;
                if (start >= blockEnd)
                    break;
                const std::uint64_t from = std::max(position, start);
                const std::uint64_t to = std::min(blockEnd, end);
                if (to > from)
                    bytes.append(data + (from - position), to - from);
                if (to < end)
                    break;
                extraction.keep(entryPath(plan[next]), bytes);
                if (plan[next] == wanted)
                    result = std::move(bytes);
                bytes.clear();
                ++next;
            }
            position = blockEnd;
        }
    } catch (const FormatError&) {
        throw FormatError(file.path(), entry.name + ": " + source->fault());
    }
    if (next == 0)
        throw FormatError(file.path(), entry.name +
                                           ": the archive ends early; it changed since "
                                           "it was indexed; open it again");
    return result;
}

}  // namespace modescape::io::archive
