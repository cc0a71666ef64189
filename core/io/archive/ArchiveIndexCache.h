#pragma once
// The index of an archive kept in the user cache directory, so that opening
// it again reads only this file: archive-index/<hash of the absolute path>.idx.
// The file records the archive's path, size and mtime and a format version;
// any mismatch, or a damaged file (checked by a CRC), means "index again".

#include <optional>
#include <string>

#include "core/io/archive/ArchiveFile.h"
#include "core/io/archive/ArchiveIndex.h"

namespace modescape::io::archive {

// options.cacheDir, else $XDG_CACHE_HOME/modescape, else ~/.cache/modescape.
std::string resolvedCacheDir(const ArchiveOptions& options);

// Where the index of the archive at absolutePath is kept.
std::string archiveIndexPath(const std::string& cacheDir, const std::string& absolutePath);

// The cached index, or nullopt when there is none or it does not match.
std::optional<ArchiveIndex> loadArchiveIndex(const std::string& indexPath,
                                             const std::string& absolutePath,
                                             const FileIdentity& identity);

// Writes the index atomically (creating the folder). Throws IoError.
void saveArchiveIndex(const std::string& indexPath, const std::string& absolutePath,
                      const FileIdentity& identity, const ArchiveIndex& index);

}  // namespace modescape::io::archive
