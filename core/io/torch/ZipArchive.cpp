#include "core/io/torch/ZipArchive.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <limits>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "core/common/Error.h"
#include "core/io/Crc32.h"
#include "core/io/ReadAt.h"

namespace modescape::io::torchfile {

namespace {

constexpr std::uint32_t kEndOfDirectory = 0x06054b50;
constexpr std::uint32_t kZip64Locator = 0x07064b50;
constexpr std::uint32_t kZip64End = 0x06064b50;
constexpr std::uint32_t kDirectoryEntry = 0x02014b50;
constexpr std::uint32_t kLocalHeader = 0x04034b50;
constexpr std::size_t kEndSize = 22;
constexpr std::size_t kMaxComment = 0xffff;

// Little-endian fields of a byte buffer, bounds-checked by the caller.
std::uint64_t le(const std::string& b, std::size_t at, int bytes) {
    std::uint64_t v = 0;
    for (int i = bytes - 1; i >= 0; --i)
        v = (v << 8) | static_cast<unsigned char>(b[at + static_cast<std::size_t>(i)]);
    return v;
}

std::string mib(std::uint64_t bytes) {
    return std::to_string(bytes >> 20) + " MiB";
}

// Records whose CRC this process has checked, by file identity (device,
// inode, size, modification time) and record: a whole-set computation reads
// each member several times (the randomized PCA three), and the CRC pass over
// gigabytes costs as much as reading them. A file changed since is a new key.
class VerifiedRecords {
  public:
    static VerifiedRecords& instance() {
        static VerifiedRecords records;
        return records;
    }
    // "" when the file cannot be stat()ed: then it is always checked.
    static std::string key(const std::string& path, const std::string& record, std::uint32_t crc) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0)
            return {};
        return std::to_string(st.st_dev) + ':' + std::to_string(st.st_ino) + ':' +
               std::to_string(st.st_size) + ':' + std::to_string(st.st_mtim.tv_sec) + '.' +
               std::to_string(st.st_mtim.tv_nsec) + ':' + std::to_string(crc) + ':' + record;
    }
    bool has(const std::string& key) {
        const std::lock_guard lock(mutex_);
        return !key.empty() && keys_.count(key) > 0;
    }
    void add(const std::string& key) {
        if (key.empty())
            return;
        const std::lock_guard lock(mutex_);
        if (keys_.size() >= kMaxKeys)
            keys_.clear();  // bounded: a set of millions of records is simply checked again
        keys_.insert(key);
    }

  private:
    static constexpr std::size_t kMaxKeys = 1 << 18;
    std::mutex mutex_;
    std::unordered_set<std::string> keys_;
};

// Buffers of large stored records, reused once their tensors are released:
// a whole-set pass reads thousands of same-sized members, and a fresh
// allocation of each is pages the kernel must fault in and zero (as costly as
// reading the member). At most kKept buffers wait here, each used for records
// of at least half its size, so little memory stays held.
class RecordBuffers {
  public:
    static RecordBuffers& instance() {
        static RecordBuffers* buffers =
            new RecordBuffers;  // never destroyed: tensors may outlive main
        return *buffers;
    }
    static constexpr std::size_t kMinBytes = 1u << 20;
    std::shared_ptr<std::uint8_t> take(std::size_t size) {
        std::uint8_t* buffer = nullptr;
        std::size_t capacity = size;
        {
            const std::lock_guard lock(mutex_);
            for (auto it = free_.begin(); it != free_.end(); ++it)
                if (it->second >= size && it->second / 2 <= size) {
                    buffer = it->first;
                    capacity = it->second;
                    free_.erase(it);
                    break;
                }
        }
        if (!buffer)
            buffer = new std::uint8_t[size];  // not zero-filled: the read fills it
        return std::shared_ptr<std::uint8_t>(
            buffer, [this, capacity](std::uint8_t* b) { give(b, capacity); });
    }

  private:
    static constexpr std::size_t kKept = 2;
    void give(std::uint8_t* buffer, std::size_t capacity) {
        {
            const std::lock_guard lock(mutex_);
            if (free_.size() < kKept) {
                free_.emplace_back(buffer, capacity);
                return;
            }
        }
        delete[] buffer;
    }
    std::mutex mutex_;
    std::vector<std::pair<std::uint8_t*, std::size_t>> free_;
};

}  // namespace

ZipArchive::ZipArchive(std::string path) : path_(std::move(path)) {
    std::ifstream in(path_, std::ios::binary | std::ios::ate);
    if (!in)
        throw IoError(path_, std::string("cannot open: ") + std::strerror(errno));
    const auto end = in.tellg();
    if (end < 0)
        throw IoError(path_, "cannot read the file");
    fileSize_ = static_cast<std::uint64_t>(end);
    readDirectory();
}

void ZipArchive::requireInsideFile(std::uint64_t offset, std::uint64_t size,
                                   const std::string& what) const {
    if (offset > fileSize_ || size > fileSize_ - offset)
        throw FormatError(path_, what + " lies past the end of the file (" +
                                     std::to_string(fileSize_) +
                                     " bytes); the file is truncated or damaged");
}

std::string ZipArchive::readAt(std::uint64_t offset, std::uint64_t size,
                               const std::string& what) const {
    requireInsideFile(offset, size, what);
    std::string out(static_cast<std::size_t>(size), '\0');
    readInto(offset, size, what, reinterpret_cast<std::uint8_t*>(out.data()));
    return out;
}

void ZipArchive::readInto(std::uint64_t offset, std::uint64_t size, const std::string& what,
                          std::uint8_t* out) const {
    requireInsideFile(offset, size, what);
    const int fd = ::open(path_.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw IoError(path_, std::string("cannot open: ") + std::strerror(errno));
    std::size_t got = 0;
    try {
        got = readUpTo(fd, out, static_cast<std::size_t>(size), offset, path_, what);
    } catch (...) {
        ::close(fd);
        throw;
    }
    ::close(fd);
    if (got != size)
        throw IoError(path_, "cannot read " + what + " (the file changed while being read?)");
}

void ZipArchive::readDirectory() {
    const std::string notZip = "not a readable zip archive: ";
    if (fileSize_ < kEndSize)
        throw FormatError(path_, notZip + "too short; the file is truncated");
    // The end-of-directory record sits at the end, before a comment of up to 64 KiB.
    const std::uint64_t tailSize = std::min<std::uint64_t>(fileSize_, kEndSize + kMaxComment + 20);
    const std::string tail = readAt(fileSize_ - tailSize, tailSize, "the end of the archive");
    std::size_t at = std::string::npos;
    for (std::size_t i = tail.size() - kEndSize + 1; i-- > 0;)
        if (le(tail, i, 4) == kEndOfDirectory &&
            i + kEndSize + le(tail, i + 20, 2) == tail.size()) {
            at = i;
            break;
        }
    if (at == std::string::npos)
        throw FormatError(path_,
                          notZip + "no end-of-directory record; the file is truncated or damaged");
    std::uint64_t count = le(tail, at + 10, 2);
    std::uint64_t dirSize = le(tail, at + 12, 4);
    std::uint64_t dirOffset = le(tail, at + 16, 4);
    if (count == 0xffff || dirSize == 0xffffffff || dirOffset == 0xffffffff) {
        // zip64: a locator just before the end record points at the zip64 end record.
        if (at < 20 || le(tail, at - 20, 4) != kZip64Locator)
            throw FormatError(path_, notZip + "zip64 sizes without a zip64 locator");
        const std::uint64_t end64 = le(tail, at - 20 + 8, 8);
        const std::string rec = readAt(end64, 56, "the zip64 end-of-directory record");
        if (le(rec, 0, 4) != kZip64End)
            throw FormatError(path_, notZip + "damaged zip64 end-of-directory record");
        count = le(rec, 32, 8);
        dirSize = le(rec, 40, 8);
        dirOffset = le(rec, 48, 8);
    }
    const std::string dir = readAt(dirOffset, dirSize, "the zip directory");
    if (count > dirSize / 46)
        throw FormatError(path_, notZip + "the directory claims " + std::to_string(count) +
                                     " records but holds at most " + std::to_string(dirSize / 46));
    std::size_t p = 0;
    for (std::uint64_t n = 0; n < count; ++n) {
        if (dir.size() - p < 46 || le(dir, p, 4) != kDirectoryEntry)
            throw FormatError(path_, notZip + "damaged directory entry " + std::to_string(n));
        Entry e;
        e.flags = static_cast<std::uint16_t>(le(dir, p + 8, 2));
        e.method = static_cast<std::uint16_t>(le(dir, p + 10, 2));
        e.crc = static_cast<std::uint32_t>(le(dir, p + 16, 4));
        e.compressedSize = le(dir, p + 20, 4);
        e.size = le(dir, p + 24, 4);
        const std::size_t nameLength = le(dir, p + 28, 2);
        const std::size_t extraLength = le(dir, p + 30, 2);
        const std::size_t commentLength = le(dir, p + 32, 2);
        e.localHeader = le(dir, p + 42, 4);
        if (dir.size() - p - 46 < nameLength + extraLength + commentLength)
            throw FormatError(path_, notZip + "damaged directory entry " + std::to_string(n));
        std::string name = dir.substr(p + 46, nameLength);
        // zip64 extra field: 64-bit values for the fields that overflowed, in this order.
        for (std::size_t x = p + 46 + nameLength; x + 4 <= p + 46 + nameLength + extraLength;) {
            const std::size_t id = le(dir, x, 2);
            const std::size_t length = le(dir, x + 2, 2);
            if (x + 4 + length > p + 46 + nameLength + extraLength)
                break;
            if (id == 1) {
                std::size_t f = x + 4;
                for (std::uint64_t* field : {&e.size, &e.compressedSize, &e.localHeader})
                    if (*field == 0xffffffff && f + 8 <= x + 4 + length) {
                        *field = le(dir, f, 8);
                        f += 8;
                    }
            }
            x += 4 + length;
        }
        p += 46 + nameLength + extraLength + commentLength;
        if (n == 0) {
            const std::size_t slash = name.find('/');
            if (slash == std::string::npos || slash == 0)
                throw FormatError(path_, "zip archive whose first record '" + name.substr(0, 80) +
                                             "' is not inside a folder; not a PyTorch archive");
            folder_ = name.substr(0, slash);
        }
        if (name.size() <= folder_.size() + 1 || name.compare(0, folder_.size() + 1, folder_ + "/"))
            continue;
        name.erase(0, folder_.size() + 1);
        if (name.back() != '/')
            entries_.emplace(std::move(name), e);
    }
}

std::vector<std::string> ZipArchive::records() const {
    std::vector<std::string> out;
    for (const auto& [name, e] : entries_)
        out.push_back(name);
    return out;
}

std::uint64_t ZipArchive::recordSize(const std::string& record) const {
    auto it = entries_.find(record);
    return it == entries_.end() ? 0 : it->second.size;
}

void ZipArchive::checkRecordSize(const std::string& record, const Entry& e) const {
    const std::string what = "record '" + record + "'";
    if (e.flags & 1)
        throw FormatError(path_, what + " is encrypted; PyTorch never writes encrypted archives");
    if (e.method != 0 && e.method != 8)
        throw FormatError(path_, what + " uses zip compression method " + std::to_string(e.method) +
                                     ", which Modescape does not read (only stored and deflate)");
    if (e.method == 0 && e.size != e.compressedSize)
        throw FormatError(path_, what + " is stored uncompressed but declares " +
                                     std::to_string(e.size) + " bytes in " +
                                     std::to_string(e.compressedSize) + "; the file is damaged");
    if (e.compressedSize > fileSize_)
        throw FormatError(path_, what + " claims " + std::to_string(e.compressedSize) +
                                     " bytes, more than the whole file; the file is damaged");
    // PyTorch stores records uncompressed; a small file inflating to gigabytes is a zip bomb.
    if (e.method == 8 && e.size > kZipBombFloorBytes && e.size / kZipBombRatio > fileSize_)
        throw FormatError(path_, what + " would inflate to " + mib(e.size) + " from " +
                                     std::to_string(e.compressedSize) +
                                     " compressed bytes, out of proportion to the " +
                                     std::to_string(fileSize_) +
                                     "-byte file (a zip bomb?); PyTorch stores records "
                                     "uncompressed, so this file was not written by PyTorch");
}

std::uint64_t ZipArchive::dataOffset(const std::string& record, const Entry& e) const {
    checkRecordSize(record, e);
    const std::string what = "record '" + record + "'";
    const std::string local = readAt(e.localHeader, 30, what + "'s header");
    if (le(local, 0, 4) != kLocalHeader)
        throw FormatError(path_, what + " has a damaged local header; the file is damaged");
    return e.localHeader + 30 + le(local, 26, 2) + le(local, 28, 2);
}

void ZipArchive::checkCrc(const std::string& record, const Entry& e, const std::uint8_t* data,
                          std::size_t size) const {
#ifndef FUZZING_BUILD_MODE_UNSAFE_FOR_PRODUCTION
    // Checked once per process and file version (VerifiedRecords).
    const std::string verified = VerifiedRecords::key(path_, record, e.crc);
    if (!VerifiedRecords::instance().has(verified)) {
        if (crc32Of(data, size) != e.crc)
            throw FormatError(path_,
                              "record '" + record + "' fails its CRC check; the file is damaged");
        VerifiedRecords::instance().add(verified);
    }
#else
    (void)record, (void)e, (void)data, (void)size;
#endif
}

ZipArchive::Bytes ZipArchive::readBytes(const std::string& record) const {
    auto it = entries_.find(record);
    if (it == entries_.end() || it->second.method != 0 ||
        it->second.size < RecordBuffers::kMinBytes) {
        auto text = read(record);  // small or compressed records: as before
        const auto* data = reinterpret_cast<const std::uint8_t*>(text->data());
        const std::size_t size = text->size();
        return {std::const_pointer_cast<std::string>(std::move(text)), data, size};
    }
    const Entry& e = it->second;
    const std::uint64_t offset = dataOffset(record, e);
    const auto size = static_cast<std::size_t>(e.size);
    std::shared_ptr<std::uint8_t> buffer = RecordBuffers::instance().take(size);
    readInto(offset, e.size, "record '" + record + "'", buffer.get());
    checkCrc(record, e, buffer.get(), size);
    const std::uint8_t* data = buffer.get();
    return {std::move(buffer), data, size};
}

std::shared_ptr<const std::string> ZipArchive::read(const std::string& record) const {
    auto it = entries_.find(record);
    if (it == entries_.end())
        throw FormatError(path_, "the zip archive has no record '" + record + "'");
    const Entry& e = it->second;
    const std::string what = "record '" + record + "'";
    std::string stored = readAt(dataOffset(record, e), e.compressedSize, what);
    auto out = std::make_shared<std::string>();
    if (e.method == 0) {
        *out = std::move(stored);
    } else {
        out->resize(static_cast<std::size_t>(e.size));
        z_stream z{};
        if (inflateInit2(&z, -MAX_WBITS) != Z_OK)
            throw FormatError(path_, what + ": cannot start inflating");
        z.next_in = reinterpret_cast<Bytef*>(stored.data());
        z.next_out = reinterpret_cast<Bytef*>(out->data());
        std::uint64_t inLeft = stored.size();
        std::uint64_t outLeft = out->size();
        int rc = Z_OK;
        // zlib counts in 32 bits; feed large records in chunks.
        while (rc == Z_OK) {
            const auto chunk = [](std::uint64_t left) {
                return static_cast<uInt>(std::min<std::uint64_t>(left, 1u << 30));
            };
            if (z.avail_in == 0) {
                z.avail_in = chunk(inLeft);
                inLeft -= z.avail_in;
            }
            if (z.avail_out == 0) {
                z.avail_out = chunk(outLeft);
                outLeft -= z.avail_out;
            }
            if (z.avail_in == 0 && z.avail_out == 0)
                break;
            rc = inflate(&z, Z_NO_FLUSH);
        }
        const bool complete = rc == Z_STREAM_END && z.avail_out == 0 && outLeft == 0;
        inflateEnd(&z);
        if (!complete)
            throw FormatError(path_, what + " does not inflate to its declared " +
                                         std::to_string(e.size) + " bytes; the file is damaged");
    }
    checkCrc(record, e, reinterpret_cast<const std::uint8_t*>(out->data()), out->size());
    return out;
}

}  // namespace modescape::io::torchfile
