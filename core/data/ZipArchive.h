#pragma once
// A minimal read-only zip reader for .npz files: central directory, stored and
// deflated entries, zip64 sizes (numpy's savez forces zip64 entries). No torch.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/data/ByteSource.h"

namespace modescape::data {

struct ZipEntry {
    std::string name;
    std::uint16_t method = 0;  // 0 stored, 8 deflated
    std::uint32_t crc32 = 0;
    std::uint64_t compressedSize = 0;
    std::uint64_t uncompressedSize = 0;
    std::uint64_t localHeaderOffset = 0;
};

class ZipArchive {
  public:
    // Parses the central directory of bytes (kept by reference: it must
    // outlive the archive). Throws FormatError(origin, ...) when malformed.
    ZipArchive(std::span<const std::uint8_t> bytes, std::string origin);

    const std::vector<ZipEntry>& entries() const { return entries_; }
    // nullptr when there is no entry of that name.
    const ZipEntry* find(const std::string& name) const;
    // The entry's uncompressed bytes, CRC-checked. Throws FormatError.
    Bytes extract(const ZipEntry& entry) const;

  private:
    std::span<const std::uint8_t> bytes_;
    std::string origin_;
    std::vector<ZipEntry> entries_;
};

}  // namespace modescape::data
