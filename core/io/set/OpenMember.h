#pragma once
// The one way to open a set member's checkpoint, wherever it is stored: a
// plain file is opened by content (openCheckpoint), an archive entry through
// the process-wide open archive (archive::sharedArchive), so every reader of
// members (evaluation, scans, the browser) works on folders and archives alike.

#include <memory>

#include "core/io/CheckpointFile.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::io {

// Throws what openCheckpoint() / archive::openArchiveMember() throw; messages
// name member.path ("ARCHIVE/ENTRY" for an archive member). options apply to
// plain files only (archive entries are safetensors, read from the index).
std::unique_ptr<CheckpointFile> openMember(const SetMember& member,
                                           const OpenOptions& options = {});

}  // namespace modescape::io
