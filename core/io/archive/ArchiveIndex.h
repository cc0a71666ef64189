#pragma once
// What one pass over an archive learns, kept in memory and in the index
// cache: the entries (with their checkpoint headers), where each one's bytes
// are, the rejected entries, and for gzip the access points.

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/archive/ArchiveReader.h"

namespace modescape::io::archive {

// Where an entry's bytes are.
struct EntryLocation {
    // tar kinds: offset of the data in the uncompressed tar stream.
    // zip: offset of the (stored or deflated) data in the file.
    std::uint64_t offset = 0;
    // zip: 0 stored, 8 deflated, and the CRC-32 of the entry's bytes.
    std::uint32_t method = 0;
    std::uint32_t crc = 0;
};

// A place where inflating a gzip stream can start afresh (zlib's access-point
// technique): the deflate block boundary at uncompressed offset `out`, whose
// first full byte is at compressed offset `in`, with `bits` bits of the byte
// before it still to feed, and the 32 KiB of output before it (the
// dictionary), kept deflated to keep the index small.
struct GzipAccessPoint {
    std::uint64_t out = 0;
    std::uint64_t in = 0;
    int bits = 0;
    std::uint32_t windowSize = 0;  // bytes of dictionary once inflated
    std::string deflatedWindow;
};

struct ArchiveIndex {
    ArchiveKind kind = ArchiveKind::Tar;
    std::vector<ArchiveEntry> entries;
    std::vector<EntryLocation> locations;  // one per entry
    std::vector<RejectedEntry> rejected;
    std::vector<GzipAccessPoint> accessPoints;  // sorted by out
};

}  // namespace modescape::io::archive
