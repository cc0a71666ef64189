// Zip archives: not indexed yet.

#include "core/common/Error.h"
#include "core/io/archive/ArchiveIndexers.h"
#include "core/io/archive/EntryReaders.h"

namespace modescape::io::archive {

ArchiveIndex indexZipArchive(const ArchiveFile& file, const JobContext&) {
    throw FormatError(file.path(), "zip archives are not read yet");
}

std::string readZipEntry(const ArchiveFile& file, const ArchiveEntry& entry, const EntryLocation&) {
    throw FormatError(file.path(), entry.name + ": zip archives are not read yet");
}

}  // namespace modescape::io::archive
