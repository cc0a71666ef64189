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
// Any tar kind, streamed from the stream's start (zstd; the fallback).
std::string readTarEntryFromStart(const ArchiveFile& file, ArchiveKind kind,
                                  const ArchiveEntry& entry, const EntryLocation& location);
// Zip: stored bytes or raw inflation from the data offset; CRC-32 checked.
std::string readZipEntry(const ArchiveFile& file, const ArchiveEntry& entry,
                         const EntryLocation& location);

}  // namespace modescape::io::archive
