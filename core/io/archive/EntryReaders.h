#pragma once
// Reading one indexed entry's bytes, per archive kind. Each function opens
// the archive afresh (so concurrent reads share nothing) and throws
// FormatError naming "ARCHIVE: ENTRY" when the archive changed or is corrupt.

#include <cstdint>
#include <string>

#include "core/io/archive/ArchiveFile.h"
#include "core/io/archive/ArchiveIndex.h"

namespace modescape::io::archive {

// Plain tar: the bytes at their offset.
std::string readTarEntry(const ArchiveFile& file, const ArchiveEntry& entry,
                         const EntryLocation& location);
// Zip entries whose data is neither stored nor deflated where the index
// pass found it (another compression method): read through libarchive.
inline constexpr std::uint32_t kZipViaLibarchive = 0xffff;

// The first size bytes of raw deflate data starting at offset.
std::string inflateRawPrefix(const ArchiveFile& file, std::uint64_t offset, std::size_t size);

// Zip: stored bytes or raw inflation from the data offset; CRC-32 checked.
std::string readZipEntry(const ArchiveFile& file, const ArchiveEntry& entry,
                         const EntryLocation& location);

}  // namespace modescape::io::archive
