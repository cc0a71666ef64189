// Entry bytes of plain tar: a positional read.

#include "core/io/archive/EntryReaders.h"

namespace modescape::io::archive {

std::string readTarEntry(const ArchiveFile& file, const ArchiveEntry& entry,
                         const EntryLocation& location) {
    std::string bytes(entry.size, '\0');
    file.readExactlyAt(bytes.data(), bytes.size(), location.offset, entry.name);
    return bytes;
}

}  // namespace modescape::io::archive
