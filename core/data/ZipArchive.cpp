#include "core/data/ZipArchive.h"

#include <zlib.h>

#include "core/common/Error.h"

namespace modescape::data {

namespace {

constexpr std::uint32_t kEndOfCentralDirectory = 0x06054b50;
constexpr std::uint32_t kZip64EndLocator = 0x07064b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kCentralHeader = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;

std::uint64_t le(const std::uint8_t* p, std::size_t size) {
    std::uint64_t v = 0;
    for (std::size_t k = size; k-- > 0;)
        v = (v << 8) | p[k];
    return v;
}

}  // namespace

ZipArchive::ZipArchive(std::span<const std::uint8_t> bytes, std::string origin)
    : bytes_(bytes), origin_(std::move(origin)) {
    auto fail = [&](const std::string& what) {
        return FormatError(origin_, "not a valid zip/npz archive: " + what);
    };
    if (bytes.size() < 22)
        throw fail("too short (the file is truncated or not a zip)");
    // The end record sits in the last 22 + 65535 bytes (after it only a comment).
    std::size_t end = bytes.size() - 22;
    const std::size_t lowest = bytes.size() > 22 + 65535 ? bytes.size() - 22 - 65535 : 0;
    while (le(bytes.data() + end, 4) != kEndOfCentralDirectory) {
        if (end == lowest)
            throw fail("no end-of-central-directory record (the file is truncated)");
        --end;
    }
    std::uint64_t count = le(bytes.data() + end + 10, 2);
    std::uint64_t directorySize = le(bytes.data() + end + 12, 4);
    std::uint64_t directoryOffset = le(bytes.data() + end + 16, 4);
    if (end >= 20 && le(bytes.data() + end - 20, 4) == kZip64EndLocator) {
        const std::uint64_t record = le(bytes.data() + end - 20 + 8, 8);
        if (record > bytes.size() || bytes.size() - record < 56 ||
            le(bytes.data() + record, 4) != kZip64End)
            throw fail("bad zip64 end record");
        count = le(bytes.data() + record + 32, 8);
        directorySize = le(bytes.data() + record + 40, 8);
        directoryOffset = le(bytes.data() + record + 48, 8);
    }
    if (directoryOffset > bytes.size() || directorySize > bytes.size() - directoryOffset)
        throw fail("central directory lies outside the file");

    std::uint64_t pos = directoryOffset;
    const std::uint64_t limit = directoryOffset + directorySize;
    for (std::uint64_t k = 0; k < count; ++k) {
        if (limit - pos < 46 || le(bytes.data() + pos, 4) != kCentralHeader)
            throw fail("central directory entry " + std::to_string(k) + " is malformed");
        const std::uint8_t* h = bytes.data() + pos;
        ZipEntry entry;
        const auto flags = le(h + 8, 2);
        entry.method = static_cast<std::uint16_t>(le(h + 10, 2));
        entry.crc32 = static_cast<std::uint32_t>(le(h + 16, 4));
        entry.compressedSize = le(h + 20, 4);
        entry.uncompressedSize = le(h + 24, 4);
        const std::uint64_t nameLength = le(h + 28, 2), extraLength = le(h + 30, 2),
                            commentLength = le(h + 32, 2);
        entry.localHeaderOffset = le(h + 42, 4);
        if (limit - pos - 46 < nameLength + extraLength + commentLength)
            throw fail("central directory entry " + std::to_string(k) + " is truncated");
        entry.name.assign(reinterpret_cast<const char*>(h + 46), nameLength);
        if (flags & 1)
            throw fail("entry '" + entry.name + "' is encrypted");
        // Zip64 extra field: 64-bit values for the fields saturated at 0xFFFFFFFF, in order.
        const std::uint8_t* extra = h + 46 + nameLength;
        for (std::uint64_t e = 0; e + 4 <= extraLength;) {
            const auto id = le(extra + e, 2), size = le(extra + e + 2, 2);
            if (e + 4 + size > extraLength)
                break;
            if (id == 1) {
                std::uint64_t at = e + 4;
                auto take = [&](std::uint64_t& field) {
                    if (field == 0xFFFFFFFFu && at + 8 <= e + 4 + size)
                        field = le(extra + at, 8), at += 8;
                };
                take(entry.uncompressedSize);
                take(entry.compressedSize);
                take(entry.localHeaderOffset);
            }
            e += 4 + size;
        }
        entries_.push_back(std::move(entry));
        pos += 46 + nameLength + extraLength + commentLength;
    }
}

const ZipEntry* ZipArchive::find(const std::string& name) const {
    for (const auto& entry : entries_)
        if (entry.name == name)
            return &entry;
    return nullptr;
}

Bytes ZipArchive::extract(const ZipEntry& entry) const {
    const std::string where = origin_ + " [" + entry.name + "]";
    const std::uint64_t offset = entry.localHeaderOffset;
    if (offset > bytes_.size() || bytes_.size() - offset < 30 ||
        le(bytes_.data() + offset, 4) != kLocalHeader)
        throw FormatError(where,
                          "local header missing or outside the file (the archive is truncated)");
    const std::uint64_t dataOffset =
        offset + 30 + le(bytes_.data() + offset + 26, 2) + le(bytes_.data() + offset + 28, 2);
    if (dataOffset > bytes_.size() || entry.compressedSize > bytes_.size() - dataOffset)
        throw FormatError(where,
                          "entry data runs past the end of the archive (the file is truncated)");
    const auto compressed = bytes_.subspan(dataOffset, entry.compressedSize);
    Bytes out;
    if (entry.method == 0) {
        if (entry.compressedSize != entry.uncompressedSize)
            throw FormatError(where,
                              "stored entry with different compressed and uncompressed sizes");
        out.assign(compressed.begin(), compressed.end());
    } else if (entry.method == 8) {
        out = inflateRaw(compressed, entry.uncompressedSize, where);
    } else {
        throw FormatError(where, "compression method " + std::to_string(entry.method) +
                                     " is not supported (only stored and deflated); re-save with "
                                     "numpy.savez or numpy.savez_compressed");
    }
    const auto crc = static_cast<std::uint32_t>(
        ::crc32(::crc32(0L, Z_NULL, 0), out.data(), static_cast<uInt>(out.size())));
    if (crc != entry.crc32)
        throw FormatError(where, "CRC mismatch: the entry is corrupt");
    return out;
}

}  // namespace modescape::data
