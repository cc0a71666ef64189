#pragma once
// Reader of the safetensors format (https://github.com/huggingface/safetensors):
//   8 bytes   little-endian uint64 N
//   N bytes   JSON object: name -> {"dtype", "shape", "data_offsets": [begin, end]},
//             plus an optional "__metadata__": {string: string}
//   the rest  the data region; offsets are relative to its start.
// Opening reads and validates the header only; tensor data is memory-mapped
// on the first read(), so thousands of files can be open at once cheaply.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/io/CheckpointFile.h"
#include "core/io/TensorInfo.h"

namespace modescape::io {

// One tensor's entry in a validated header.
struct SafetensorsEntry {
    TensorInfo info;
    // Byte range inside the data region (relative to its start).
    std::uint64_t begin = 0;
    std::uint64_t end = 0;
};

struct SafetensorsHeader {
    // Tensors in file order (the order of their data, which is the order
    // the writers emit them in).
    std::vector<SafetensorsEntry> entries;
    std::map<std::string, std::string> metadata;
    // Where the data region starts in the file: 8 + N.
    std::uint64_t dataStart = 0;
};

// The largest header accepted (the reference implementation uses 100 MB).
inline constexpr std::uint64_t kMaxSafetensorsHeaderBytes = 100u * 1024u * 1024u;

// Parses and validates the header of a safetensors file whose first `size`
// bytes are `bytes`, `fileSize` being the size of the whole file (pass size
// when bytes holds the whole file). `bytes` must hold at least the 8-byte
// length and the JSON header when the file has them. Throws FormatError(path,
// problem) naming the tensor at fault. No allocation is sized by the input
// beyond the header itself. Used by the reader and by the fuzzer.
SafetensorsHeader parseSafetensorsHeader(const void* bytes, std::size_t size,
                                         std::uint64_t fileSize, const std::string& path);
inline SafetensorsHeader parseSafetensorsHeader(const void* bytes, std::size_t size,
                                                const std::string& path) {
    return parseSafetensorsHeader(bytes, size, size, path);
}

// Opens path (reads the header only). Throws IoError when the file cannot be
// read, FormatError when its header is malformed. format() is "safetensors".
std::unique_ptr<CheckpointFile> openSafetensors(const std::string& path);

}  // namespace modescape::io
