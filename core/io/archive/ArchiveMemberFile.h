#pragma once
// A checkpoint stored as an entry of an archive, seen as a CheckpointFile:
// tensors() come from the header kept in the archive's index (no archive
// read); the first read() reads the whole entry once and keeps its bytes
// until the object goes, so reading every tensor of a member costs one pass.
// Safetensors entries only (the published datasets use nothing else).

#include <memory>
#include <string>

#include "core/io/CheckpointFile.h"
#include "core/io/archive/ArchiveReader.h"

namespace modescape::io::archive {

// path() is "ARCHIVE/ENTRY" (for messages). Throws FormatError when the
// entry's header is not a valid safetensors header.
std::unique_ptr<CheckpointFile> openArchiveMember(std::shared_ptr<const ArchiveReader> archive,
                                                  std::size_t entryIndex);

}  // namespace modescape::io::archive
