#pragma once
// Entries of streams without restart points (.tar.zst) read through a cache
// of extracted entries: cacheDir/archive-extract/<archive key>/<entry>.bin,
// bounded by ArchiveOptions::extractCacheBytes over all archives, least
// recently used first out (a file's mtime is its last use). A miss streams
// the archive from its start and extracts the entry asked for and, while
// they fit in half the bound, the entries after it, so that reading a set
// in storage order costs few passes over the stream.

#include <cstddef>
#include <string>
#include <vector>

#include "core/io/archive/ArchiveFile.h"
#include "core/io/archive/ArchiveIndex.h"

namespace modescape::io::archive {

// The bytes of entries[wanted]. absolutePath and the file's identity key the
// extracted files, so a changed archive never serves stale ones. Thread-safe
// (one extraction at a time in this process). Throws FormatError naming
// "ARCHIVE: ENTRY" when the stream is damaged or changed.
std::string readThroughExtractCache(const ArchiveFile& file, ArchiveKind kind,
                                    const std::string& absolutePath,
                                    const std::vector<ArchiveEntry>& entries,
                                    const std::vector<EntryLocation>& locations, std::size_t wanted,
                                    const ArchiveOptions& options);

}  // namespace modescape::io::archive
