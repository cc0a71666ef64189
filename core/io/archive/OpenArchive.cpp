// openArchive(): the cached index when it matches the file, else one indexing
// pass (then cached); and the reader that serves entries from that index.

#include <filesystem>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/archive/ArchiveIndexCache.h"
#include "core/io/archive/ArchiveIndexPruning.h"
#include "core/io/archive/ArchiveIndexers.h"
#include "core/io/archive/ArchiveReader.h"
#include "core/io/archive/EntryReaders.h"
#include "core/io/archive/GzipAccessPoints.h"
#include "core/io/archive/ZstdExtractCache.h"

namespace modescape::io::archive {
namespace {

class IndexedArchive : public ArchiveReader {
  public:
    IndexedArchive(const std::string& path, const std::string& absolutePath, ArchiveIndex index,
                   const FileIdentity& identity, bool fromCache, const ArchiveOptions& options)
        : absolutePath_(absolutePath),
          identity_(identity),
          locations_(std::move(index.locations)),
          accessPoints_(std::move(index.accessPoints)),
          options_(options) {
        path_ = path;
        kind_ = index.kind;
        entries_ = std::move(index.entries);
        rejected_ = std::move(index.rejected);
        indexFromCache_ = fromCache;
    }

    std::string readEntry(std::size_t entryIndex) const override {
        if (entryIndex >= entries_.size())
            throw InvalidArgument(path_ + ": no entry " + std::to_string(entryIndex) + " (it has " +
                                  std::to_string(entries_.size()) + ")");
        const ArchiveEntry& entry = entries_[entryIndex];
        const ArchiveFile file(path_);
        if (!(file.identity() == identity_))
            throw FormatError(path_, entry.name +
                                         ": the archive changed since it was indexed; "
                                         "open it again");
        std::string bytes = readBytes(file, entryIndex);
        if (bytes.size() != entry.size || bytes.compare(0, entry.head.size(), entry.head) != 0)
            throw FormatError(path_, entry.name +
                                         ": the archive changed since it was indexed; "
                                         "open it again");
        return bytes;
    }

  private:
    std::string readBytes(const ArchiveFile& file, std::size_t entryIndex) const {
        const ArchiveEntry& entry = entries_[entryIndex];
        const EntryLocation& location = locations_[entryIndex];
        switch (kind_) {
            case ArchiveKind::Tar:
                return readTarEntry(file, entry, location);
            case ArchiveKind::TarGzip:
                return inflateGzipRange(file, accessPoints_, location.offset, entry.size,
                                        entry.name);
            case ArchiveKind::TarZstd:
                return readThroughExtractCache(file, kind_, absolutePath_, entries_, locations_,
                                               entryIndex, options_);
            case ArchiveKind::Zip:
                return readZipEntry(file, entry, location);
        }
        return {};
    }

    std::string absolutePath_;
    FileIdentity identity_;
    std::vector<EntryLocation> locations_;
    std::vector<GzipAccessPoint> accessPoints_;
    ArchiveOptions options_;
};

std::string absolutePathOf(const std::string& path) {
    std::error_code error;
    std::filesystem::path absolute = std::filesystem::weakly_canonical(path, error);
    if (error)
        absolute = std::filesystem::absolute(path).lexically_normal();
    return absolute.string();
}

}  // namespace

std::shared_ptr<const ArchiveReader> openArchive(const std::string& path, const JobContext& context,
                                                 const ArchiveOptions& options) {
    const ArchiveFile file(path);
    const std::optional<ArchiveKind> kind = sniffArchive(path);
    if (!kind)
        throw FormatError(path, "is not an archive Modescape reads (tar, tar.gz, tar.zst or zip)");

    const std::string absolute = absolutePathOf(path);
    const std::string indexPath = archiveIndexPath(resolvedCacheDir(options), absolute);
    if (std::optional<ArchiveIndex> cached = loadArchiveIndex(indexPath, absolute, file.identity());
        cached && cached->kind == *kind) {
        touchArchiveIndex(indexPath);
        return std::make_shared<IndexedArchive>(path, absolute, std::move(*cached), file.identity(),
                                                true, options);
    }

    context.checkCancelled();
    ArchiveIndex index = *kind == ArchiveKind::Zip ? indexZipArchive(file, context)
                                                   : indexTarArchive(file, *kind, context);
    context.report(1.0, "indexed " + std::filesystem::path(path).filename().string());
    try {
        saveArchiveIndex(indexPath, absolute, file.identity(), index);
        const auto removed =
            pruneArchiveIndexes(std::filesystem::path(indexPath).parent_path(), indexPath);
        if (!removed.empty())
            log::debug("removed " + std::to_string(removed.size()) +
                       " archive indexes unused for long or over the cache's bound");
    } catch (const IoError& error) {
        // Not fatal: the next open indexes again.
        log::warning(std::string("cannot keep the archive index: ") + error.what());
    }
    return std::make_shared<IndexedArchive>(path, absolute, std::move(index), file.identity(),
                                            false, options);
}

}  // namespace modescape::io::archive
