#pragma once
// A read-only zip reader for the archives torch.save and torch.jit.save write
// (one top-level folder, records stored uncompressed, zip64 for large files).
// Ours rather than LibTorch's PyTorchStreamReader so that every size is checked
// before anything is allocated: a record's declared size must fit the file,
// and a compressed record may not inflate out of proportion to the file
// (a zip bomb); see checkRecordSize().

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace modescape::io::torchfile {

class ZipArchive {
  public:
    // Reads the central directory. Throws IoError when the file cannot be
    // read, FormatError (naming path) when it is not a well-formed zip archive.
    explicit ZipArchive(std::string path);

    const std::string& path() const { return path_; }
    // The archive's folder name ("scripted" for scripted/data.pkl); records are
    // named relative to it, as PyTorch does ("data.pkl", "data/0").
    const std::string& folder() const { return folder_; }
    bool has(const std::string& record) const { return entries_.count(record) > 0; }
    // Every record name, sorted.
    std::vector<std::string> records() const;
    // Size of a record once read (inflated); 0 for an unknown record.
    std::uint64_t recordSize(const std::string& record) const;

    // The whole record. Throws FormatError naming the file and the record when
    // it is missing, damaged (CRC), compressed in a way we do not read, or
    // would inflate out of proportion to the file.
    std::shared_ptr<const std::string> read(const std::string& record) const;

    // The same bytes, checked the same way, for a tensor's storage: a stored
    // record (what PyTorch writes) is read straight into a buffer that is
    // reused once released (RecordBuffers in ZipArchive.cpp), not into a
    // zero-filled string: a pass over a set reads thousands of same-sized
    // members, and fresh pages cost as much as reading them.
    struct Bytes {
        std::shared_ptr<void> owner;  // keeps data alive
        const std::uint8_t* data = nullptr;
        std::size_t size = 0;
    };
    Bytes readBytes(const std::string& record) const;

  private:
    struct Entry {
        std::uint16_t method = 0;  // 0 stored, 8 deflate
        std::uint16_t flags = 0;
        std::uint32_t crc = 0;
        std::uint64_t compressedSize = 0;
        std::uint64_t size = 0;
        std::uint64_t localHeader = 0;
    };

    void readDirectory();
    void checkRecordSize(const std::string& record, const Entry& e) const;
    // Throws FormatError when [offset, offset + size) is not inside the file,
    // before anything the size of a (possibly hostile) record is allocated.
    void requireInsideFile(std::uint64_t offset, std::uint64_t size, const std::string& what) const;
    std::string readAt(std::uint64_t offset, std::uint64_t size, const std::string& what) const;
    void readInto(std::uint64_t offset, std::uint64_t size, const std::string& what,
                  std::uint8_t* out) const;
    std::uint64_t dataOffset(const std::string& record, const Entry& e) const;
    void checkCrc(const std::string& record, const Entry& e, const std::uint8_t* data,
                  std::size_t size) const;

    std::string path_;
    std::string folder_;
    std::uint64_t fileSize_ = 0;
    std::map<std::string, Entry> entries_;
};

// A compressed record may inflate to at most this many times the archive's
// size when it is larger than kZipBombFloorBytes (small records, e.g. the
// pickle of an np.savez_compressed-like zip, may legitimately compress better).
inline constexpr std::uint64_t kZipBombRatio = 64;
inline constexpr std::uint64_t kZipBombFloorBytes = 64ull << 20;

}  // namespace modescape::io::torchfile
