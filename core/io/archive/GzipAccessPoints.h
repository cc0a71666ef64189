#pragma once
// Random access into a gzip stream with zlib's access-point technique: while
// the indexing pass inflates the stream (GzipTarSource, TarByteSource.h) it
// notes deflate block boundaries and keeps one just before each entry's data
// (at least kAccessPointSpacing of output apart); reading later restarts
// inflation at the nearest kept point (inflatePrime for the bits of the
// boundary's byte, inflateSetDictionary for the 32 KiB before it) instead of
// at the start of the stream.

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/archive/ArchiveFile.h"
#include "core/io/archive/ArchiveIndex.h"

namespace modescape::io::archive {

inline constexpr std::uint64_t kAccessPointSpacing = 1ull << 20;
inline constexpr std::size_t kGzipWindowBytes = 32768;

// Bytes [offset, offset + size) of the uncompressed stream of file. Throws
// FormatError (naming what) when the stream is corrupt or ends early.
std::string inflateGzipRange(const ArchiveFile& file, const std::vector<GzipAccessPoint>& points,
                             std::uint64_t offset, std::uint64_t size, const std::string& what);

}  // namespace modescape::io::archive
