#pragma once
// Whole-file reads for the dataset readers, with transparent gzip.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace modescape::data {

using Bytes = std::vector<std::uint8_t>;

// The file's bytes. Throws IoError when it is missing or unreadable.
Bytes readFileBytes(const std::string& path);

// True when bytes start with the gzip magic number 1f 8b.
bool isGzip(std::span<const std::uint8_t> bytes);

// Decompresses a gzip stream (all members). Throws FormatError(origin, ...) when
// it is corrupt or truncated, or would exceed maxOutput bytes.
Bytes gunzip(std::span<const std::uint8_t> bytes, const std::string& origin,
             std::size_t maxOutput = std::size_t{1} << 34);

// Raw DEFLATE (zip entries): exactly expectedSize bytes or FormatError.
Bytes inflateRaw(std::span<const std::uint8_t> bytes, std::size_t expectedSize,
                 const std::string& origin);

// readFileBytes, gunzipped when the content is gzip (whatever the suffix).
Bytes readMaybeGzipped(const std::string& path);

}  // namespace modescape::data
