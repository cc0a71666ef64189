// Entry bytes of zip archives: stored data read where it lies, deflated data
// inflated raw from there (no pass over other entries), anything else
// through libarchive; the CRC-32 recorded by the index pass is checked.

#include <zlib.h>

#include <algorithm>
#include <vector>

#include "core/common/Error.h"
#include "core/io/Crc32.h"
#include "core/io/archive/ArchiveEntryRules.h"
#include "core/io/archive/EntryReaders.h"
#include "core/io/archive/LibarchiveHandle.h"

namespace modescape::io::archive {
namespace {

constexpr std::size_t kInputBytes = 256 * 1024;

// Inflates raw deflate data from offset into out until size bytes are made.
void inflateRawAt(const ArchiveFile& file, std::uint64_t offset, char* out, std::size_t size,
                  const std::string& what) {
    z_stream stream{};
    if (inflateInit2(&stream, -15) != Z_OK)
        throw std::bad_alloc();
    std::vector<unsigned char> input(kInputBytes);
    std::size_t made = 0;
    int code = Z_OK;
    while (made < size) {
        if (stream.avail_in == 0) {
            const std::size_t got = file.readAt(input.data(), input.size(), offset);
            offset += got;
            stream.next_in = input.data();
            stream.avail_in = static_cast<uInt>(got);
            if (got == 0)
                break;
        }
        const std::size_t want = std::min<std::size_t>(size - made, 1u << 30);
        stream.next_out = reinterpret_cast<Bytef*>(out + made);
        stream.avail_out = static_cast<uInt>(want);
        code = inflate(&stream, Z_NO_FLUSH);
        made += want - stream.avail_out;
        if (code == Z_STREAM_END)
            break;
        if (code != Z_OK && code != Z_BUF_ERROR)
            break;
    }
    inflateEnd(&stream);
    if (made != size)
        throw FormatError(file.path(), what +
                                           ": its deflated data is damaged or ends early; "
                                           "the archive changed since it was indexed? open "
                                           "it again");
}

// The entry named name, found by walking the archive with libarchive.
std::string readThroughLibarchive(const ArchiveFile& file, const ArchiveEntry& entry) {
    LibarchiveHandle handle = newLibarchiveReader();
    archive_read_support_format_zip_seekable(handle.get());
    const ArchiveFile reading(file.path());
    if (archive_read_open_fd(handle.get(), reading.fd(), 1 << 16) != ARCHIVE_OK)
        throw FormatError(file.path(), entry.name + ": " + libarchiveProblem(handle.get()));
    struct archive_entry* header = nullptr;
    while (archive_read_next_header(handle.get(), &header) == ARCHIVE_OK) {
        const char* stored = archive_entry_pathname(header);
        if (stored == nullptr || normalisedEntryName(stored) != entry.name)
            continue;
        std::string bytes(entry.size, '\0');
        const la_ssize_t got = archive_read_data(handle.get(), bytes.data(), bytes.size());
        if (got < 0 || static_cast<std::uint64_t>(got) != entry.size)
            break;
        return bytes;
    }
    throw FormatError(file.path(),
                      entry.name + ": cannot be read (" + libarchiveProblem(handle.get()) +
                          "); the archive changed since it was indexed? open it again");
}

}  // namespace

std::string inflateRawPrefix(const ArchiveFile& file, std::uint64_t offset, std::size_t size) {
    std::string bytes(size, '\0');
    inflateRawAt(file, offset, bytes.data(), size, "entry");
    return bytes;
}

std::string readZipEntry(const ArchiveFile& file, const ArchiveEntry& entry,
                         const EntryLocation& location) {
    std::string bytes;
    if (location.method == 0) {
        bytes.assign(entry.size, '\0');
        file.readExactlyAt(bytes.data(), bytes.size(), location.offset, entry.name);
    } else if (location.method == 8) {
        bytes.assign(entry.size, '\0');
        inflateRawAt(file, location.offset, bytes.data(), bytes.size(), entry.name);
    } else {
        bytes = readThroughLibarchive(file, entry);
    }
    const std::uint32_t crc = crc32Of(bytes.data(), bytes.size());
    if (crc != location.crc)
        throw FormatError(file.path(), entry.name +
                                           ": its bytes do not match their CRC-32; the "
                                           "archive is damaged or changed since it was "
                                           "indexed; open it again");
    return bytes;
}

}  // namespace modescape::io::archive
