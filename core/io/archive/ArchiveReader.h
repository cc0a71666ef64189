#pragma once
// Checkpoint archives opened in place, never extracted by us to a folder:
// .tar, .tar.gz / .tgz, .tar.zst and .zip. Opening reads the archive once,
// streaming, and keeps an index (entry -> position, the checkpoint header of
// every entry) in the user cache directory, keyed by the archive's path, size
// and mtime, so the next open reads only that index. Reading one entry later
// never decompresses the archive from its start: plain tar and stored zip
// entries are read at their offsets, deflated zip entries are inflated from
// their local header, gzip streams restart at the nearest access point
// (zlib's inflatePrime/inflateSetDictionary), and zstd streams, which have no
// restart points, extract entries into a size-bounded LRU cache on first use.
// See docs/archives.md. libarchive parses tar and zip; zlib and libzstd
// decompress the streams.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"

namespace modescape::io::archive {

enum class ArchiveKind { Tar, TarGzip, TarZstd, Zip };

// "tar", "tar.gz", "tar.zst", "zip".
std::string archiveKindName(ArchiveKind kind);

// The archive kind a file's first bytes show (gzip 1f 8b, zstd 28 b5 2f fd,
// zip "PK\3\4", tar "ustar" at byte 257), or nullopt. A gzip or zstd stream is
// taken for a compressed tar; opening finds out when it is not.
std::optional<ArchiveKind> sniffArchive(const std::string& path);

// True for the suffixes scanned as archives in a folder of archives:
// .tar .tar.gz .tgz .tar.zst .tzst .zip (case-insensitive).
bool hasArchiveSuffix(const std::string& fileName);

struct ArchiveEntry {
    // Path inside the archive, '/'-separated, as stored ("./" prefix removed).
    // Always relative and free of "..": other entries are rejected.
    std::string name;
    std::uint64_t size = 0;  // uncompressed bytes
    // The entry's first bytes, enough for a checkpoint reader's header:
    // safetensors: the 8-byte length and the JSON header. Kept in the index,
    // so listing tensors never touches the archive again.
    std::string head;
};

// An entry left out, and why ("a symbolic link", "its path leaves the archive
// (..)", "the archive ends inside this entry", "not a checkpoint: ...").
struct RejectedEntry {
    std::string name;
    std::string reason;
};

struct ArchiveOptions {
    // Where indexes and extracted zstd entries are kept. Empty = the user
    // cache directory: $XDG_CACHE_HOME/modescape, else ~/.cache/modescape.
    std::string cacheDir;
    // Bound of the extraction cache (LRU over whole entries), `--cache-size`.
    std::uint64_t extractCacheBytes = 10ull << 30;
};

class ArchiveReader {
  public:
    virtual ~ArchiveReader() = default;

    const std::string& path() const { return path_; }
    ArchiveKind kind() const { return kind_; }
    // Checkpoint entries (safetensors by content; other regular files with a
    // checkpoint suffix are rejected with the reason), in storage order.
    const std::vector<ArchiveEntry>& entries() const { return entries_; }
    const std::vector<RejectedEntry>& rejected() const { return rejected_; }
    // Whether open() found a valid index in the cache (no pass over the archive).
    bool indexFromCache() const { return indexFromCache_; }

    // The whole entry's bytes. Thread-safe. Throws IoError when the archive
    // cannot be read, FormatError (naming "ARCHIVE: ENTRY" and the fault) when
    // it changed since it was indexed or its data is corrupt.
    virtual std::string readEntry(std::size_t entryIndex) const = 0;

  protected:
    std::string path_;
    ArchiveKind kind_ = ArchiveKind::Tar;
    std::vector<ArchiveEntry> entries_;
    std::vector<RejectedEntry> rejected_;
    bool indexFromCache_ = false;
};

// Opens (and indexes, or reuses the cached index of) the archive at path.
// Progress reports the bytes read; cancellable (Cancelled). A truncated or
// corrupt stream keeps the entries read before the fault and rejects the one
// it hit. Throws IoError when the file cannot be read, FormatError when it is
// not an archive of a supported kind or holds no entry at all. The archive
// is never written.
std::shared_ptr<const ArchiveReader> openArchive(const std::string& path, const JobContext& context,
                                                 const ArchiveOptions& options = {});

// The process-wide open archives, so each is opened once: the set opener
// registers what it opened and readers of members look them up here.
// (openArchive through this cache when not yet open.)
std::shared_ptr<const ArchiveReader> sharedArchive(const std::string& path,
                                                   const JobContext& context,
                                                   const ArchiveOptions& options = {});
// Options used by sharedArchive() when a caller has none (set once from
// `--cache-size` and the GUI's settings).
void setDefaultArchiveOptions(const ArchiveOptions& options);
const ArchiveOptions& defaultArchiveOptions();

}  // namespace modescape::io::archive
