// Entry bytes of plain tar (positional read) and of any tar stream read from
// its start.

#include <algorithm>

#include "core/common/Error.h"
#include "core/io/archive/EntryReaders.h"
#include "core/io/archive/TarByteSource.h"

namespace modescape::io::archive {

std::string readTarEntry(const ArchiveFile& file, const ArchiveEntry& entry,
                         const EntryLocation& location) {
    std::string bytes(entry.size, '\0');
    file.readExactlyAt(bytes.data(), bytes.size(), location.offset, entry.name);
    return bytes;
}

std::string readTarEntryFromStart(const ArchiveFile& file, ArchiveKind kind,
                                  const ArchiveEntry& entry, const EntryLocation& location) {
    const JobContext quiet;
    std::unique_ptr<TarByteSource> source = kind == ArchiveKind::TarZstd
                                                ? makeZstdTarSource(file, quiet)
                                                : makeGzipTarSource(file, quiet);
    std::string bytes;
    bytes.reserve(entry.size);
    const std::uint64_t end = location.offset + entry.size;
    std::uint64_t position = 0;
    try {
        while (position < end) {
            const auto [data, size] = source->next();
            if (size == 0)
                break;
            const std::uint64_t blockEnd = position + size;
            if (blockEnd > location.offset) {
                const std::uint64_t from = std::max(position, location.offset);
                const std::uint64_t to = std::min(blockEnd, end);
                bytes.append(data + (from - position), to - from);
            }
            position = blockEnd;
        }
    } catch (const FormatError& error) {
        throw FormatError(file.path(), entry.name + ": " + source->fault());
    }
    if (bytes.size() != entry.size)
        throw FormatError(file.path(), entry.name +
                                           ": the archive ends early; it changed since "
                                           "it was indexed; open it again");
    return bytes;
}

}  // namespace modescape::io::archive
