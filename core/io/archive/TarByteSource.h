#pragma once
// The uncompressed bytes of a tar stream, block by block, for the indexing
// pass (libarchive reads them through archive_read_open callbacks). One
// source per stream kind: the plain file, a gzip stream inflated by zlib (it
// also records access points, GzipAccessPoints.h) and a zstd stream.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/io/archive/ArchiveFile.h"
#include "core/io/archive/ArchiveIndex.h"
#include "core/jobs/Progress.h"

namespace modescape::io::archive {

class TarByteSource {
  public:
    TarByteSource(const ArchiveFile& file, const JobContext& context);
    virtual ~TarByteSource() = default;

    // The next block (valid until the next call); size 0 at the end of the
    // stream. Throws FormatError when the stream is corrupt or ends early
    // (fault() then says why), Cancelled when cancelled.
    virtual std::pair<const char*, std::size_t> next() = 0;
    // Skips up to request bytes without producing them; returns how many
    // were skipped (0 when the stream cannot skip).
    virtual std::uint64_t skip(std::uint64_t /*request*/) { return 0; }
    // Uncompressed bytes produced (or skipped) so far.
    std::uint64_t produced() const { return produced_; }
    // Whether the stream stopped early because it is cut short (as opposed
    // to being corrupt).
    bool truncated() const { return truncated_; }
    const std::string& fault() const { return fault_; }

    // The indexer tells the source where an entry's data starts (gzip keeps
    // an access point just before it); nothing for other kinds.
    virtual void entryDataStartsAt(std::uint64_t /*offset*/) {}
    // The access points kept (gzip only).
    virtual std::vector<GzipAccessPoint> takeAccessPoints() { return {}; }

  protected:
    // Progress and cancellation, called after reading compressed bytes.
    void noteCompressedRead(std::uint64_t position);
    [[noreturn]] void failTruncated(const std::string& what);
    [[noreturn]] void failCorrupt(const std::string& what);

    const ArchiveFile& file_;
    const JobContext& context_;
    std::uint64_t produced_ = 0;
    std::uint64_t lastReport_ = 0;
    bool truncated_ = false;
    std::string fault_;
};

std::unique_ptr<TarByteSource> makePlainTarSource(const ArchiveFile& file,
                                                  const JobContext& context);
std::unique_ptr<TarByteSource> makeZstdTarSource(const ArchiveFile& file,
                                                 const JobContext& context);
// GzipAccessPoints.cpp.
std::unique_ptr<TarByteSource> makeGzipTarSource(const ArchiveFile& file,
                                                 const JobContext& context);

}  // namespace modescape::io::archive
