#pragma once
// The one streaming pass that indexes an archive (TarIndexer.cpp for the tar
// kinds, ZipIndexer.cpp for zip). Both keep every entry read before a fault
// and reject the entry the fault hit.

#include <string>

#include "core/io/archive/ArchiveFile.h"
#include "core/io/archive/ArchiveIndex.h"
#include "core/jobs/Progress.h"

namespace modescape::io::archive {

ArchiveIndex indexTarArchive(const ArchiveFile& file, ArchiveKind kind, const JobContext& context);
ArchiveIndex indexZipArchive(const ArchiveFile& file, const JobContext& context);

}  // namespace modescape::io::archive
