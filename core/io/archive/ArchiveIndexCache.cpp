// Serialisation of archive indexes: little-endian integers and length-prefixed
// strings after a magic and version, and a CRC-32 of everything before it.

#include "core/io/archive/ArchiveIndexCache.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/common/UserFolders.h"
#include "core/io/AtomicFile.h"
#include "core/io/Crc32.h"

namespace modescape::io::archive {
namespace {

constexpr char kMagic[8] = {'M', 'S', 'A', 'R', 'I', 'D', 'X', '\n'};
// Bump whenever what is written or what the indexer records changes.
constexpr std::uint32_t kFormatVersion = 1;

class Writer {
  public:
    void u64(std::uint64_t value) {
        for (int i = 0; i < 8; ++i)
            bytes_.push_back(static_cast<char>((value >> (8 * i)) & 0xff));
    }
    void text(const std::string& value) {
        u64(value.size());
        bytes_ += value;
    }
    std::string& bytes() { return bytes_; }

  private:
    std::string bytes_;
};

// Reads what Writer wrote; any overrun marks the whole file bad.
class Reader {
  public:
    Reader(const std::string& bytes, std::size_t end) : bytes_(bytes), end_(end) {}
    std::uint64_t u64() {
        if (end_ - position_ < 8) {
            bad_ = true;
            return 0;
        }
        std::uint64_t value = 0;
        for (int i = 7; i >= 0; --i)
            value = (value << 8) | static_cast<unsigned char>(bytes_[position_ + i]);
        position_ += 8;
        return value;
    }
    std::string text() {
        const std::uint64_t size = u64();
        if (bad_ || size > end_ - position_) {
            bad_ = true;
            return {};
        }
        std::string value = bytes_.substr(position_, size);
        position_ += size;
        return value;
    }
    // A count of records of at least minBytes each that fits what is left.
    std::uint64_t count(std::uint64_t minBytes) {
        const std::uint64_t n = u64();
        if (n > (end_ - position_) / minBytes)
            bad_ = true;
        return bad_ ? 0 : n;
    }
    bool bad() const { return bad_; }
    bool atEnd() const { return position_ == end_; }

  private:
    const std::string& bytes_;
    std::size_t end_;
    std::size_t position_ = sizeof(kMagic);
    bool bad_ = false;
};

std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ull;
    for (unsigned char c : text) {
        hash ^= c;
        hash *= 1099511628211ull;
    }
    return hash;
}

std::uint32_t crcOf(const char* data, std::size_t size) {
    return crc32Of(data, size);
}

}  // namespace

std::string resolvedCacheDir(const ArchiveOptions& options) {
    if (!options.cacheDir.empty())
        return options.cacheDir;
    return userCacheFolder();
}

std::string archiveIndexPath(const std::string& cacheDir, const std::string& absolutePath) {
    char name[32];
    std::snprintf(name, sizeof(name), "%016llx.idx",
                  static_cast<unsigned long long>(fnv1a(absolutePath)));
    return (std::filesystem::path(cacheDir) / "archive-index" / name).string();
}

std::optional<ArchiveIndex> loadArchiveIndex(const std::string& indexPath,
                                             const std::string& absolutePath,
                                             const FileIdentity& identity) {
    // One read of the whole file: it is all needed, and it may be tens of MB.
    std::ifstream in(indexPath, std::ios::binary | std::ios::ate);
    if (!in)
        return std::nullopt;
    std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(in.tellg(), 0)), '\0');
    in.seekg(0);
    if (!in.read(bytes.data(), static_cast<std::streamsize>(bytes.size())))
        return std::nullopt;
    if (bytes.size() < sizeof(kMagic) + 4 || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0)
        return std::nullopt;
    const std::size_t end = bytes.size() - 4;
    std::uint32_t storedCrc = 0;
    for (int i = 3; i >= 0; --i)
        storedCrc = (storedCrc << 8) | static_cast<unsigned char>(bytes[end + i]);
    if (storedCrc != crcOf(bytes.data(), end))
        return std::nullopt;

    Reader reader(bytes, end);
    if (reader.u64() != kFormatVersion || reader.text() != absolutePath ||
        reader.u64() != identity.size ||
        static_cast<std::int64_t>(reader.u64()) != identity.mtimeNs)
        return std::nullopt;
    ArchiveIndex index;
    const std::uint64_t kind = reader.u64();
    if (kind > static_cast<std::uint64_t>(ArchiveKind::Zip))
        return std::nullopt;
    index.kind = static_cast<ArchiveKind>(kind);
    for (std::uint64_t n = reader.count(48), i = 0; i < n && !reader.bad(); ++i) {
        ArchiveEntry entry;
        entry.name = reader.text();
        entry.size = reader.u64();
        entry.head = reader.text();
        EntryLocation location;
        location.offset = reader.u64();
        location.method = static_cast<std::uint32_t>(reader.u64());
        location.crc = static_cast<std::uint32_t>(reader.u64());
        index.entries.push_back(std::move(entry));
        index.locations.push_back(location);
    }
    for (std::uint64_t n = reader.count(16), i = 0; i < n && !reader.bad(); ++i) {
        RejectedEntry rejected;
        rejected.name = reader.text();
        rejected.reason = reader.text();
        index.rejected.push_back(std::move(rejected));
    }
    for (std::uint64_t n = reader.count(40), i = 0; i < n && !reader.bad(); ++i) {
        GzipAccessPoint point;
        point.out = reader.u64();
        point.in = reader.u64();
        point.bits = static_cast<int>(reader.u64() & 7);
        point.windowSize = static_cast<std::uint32_t>(reader.u64());
        point.deflatedWindow = reader.text();
        index.accessPoints.push_back(std::move(point));
    }
    if (reader.bad() || !reader.atEnd())
        return std::nullopt;
    return index;
}

void saveArchiveIndex(const std::string& indexPath, const std::string& absolutePath,
                      const FileIdentity& identity, const ArchiveIndex& index) {
    Writer writer;
    writer.bytes().assign(kMagic, sizeof(kMagic));
    writer.u64(kFormatVersion);
    writer.text(absolutePath);
    writer.u64(identity.size);
    writer.u64(static_cast<std::uint64_t>(identity.mtimeNs));
    writer.u64(static_cast<std::uint64_t>(index.kind));
    writer.u64(index.entries.size());
    for (std::size_t i = 0; i < index.entries.size(); ++i) {
        writer.text(index.entries[i].name);
        writer.u64(index.entries[i].size);
        writer.text(index.entries[i].head);
        writer.u64(index.locations[i].offset);
        writer.u64(index.locations[i].method);
        writer.u64(index.locations[i].crc);
    }
    writer.u64(index.rejected.size());
    for (const RejectedEntry& rejected : index.rejected) {
        writer.text(rejected.name);
        writer.text(rejected.reason);
    }
    writer.u64(index.accessPoints.size());
    for (const GzipAccessPoint& point : index.accessPoints) {
        writer.u64(point.out);
        writer.u64(point.in);
        writer.u64(static_cast<std::uint64_t>(point.bits));
        writer.u64(point.windowSize);
        writer.text(point.deflatedWindow);
    }
    std::string& bytes = writer.bytes();
    const std::uint32_t crc = crcOf(bytes.data(), bytes.size());
    for (int i = 0; i < 4; ++i)
        bytes.push_back(static_cast<char>((crc >> (8 * i)) & 0xff));

    std::error_code error;
    std::filesystem::create_directories(std::filesystem::path(indexPath).parent_path(), error);
    if (error)
        throw IoError(indexPath, "cannot create the cache folder (" + error.message() + ")");
    writeFileAtomically(indexPath, bytes);
}

}  // namespace modescape::io::archive
