#pragma once
// Writes small .npy files (format 1.0, little-endian, C order) for tests that
// need crafted arrays: labels of -1 or 2^40, inputs of a given shape.

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

namespace modescape::test {

// descr: "<f4" (float32) or "<i8" (int64); data holds the raw little-endian
// bytes of prod(shape) elements.
inline void writeNpy(const std::string& path, const std::string& descr,
                     const std::vector<std::int64_t>& shape, const std::string& data) {
    std::string dims;  // "3," for one dimension, as numpy writes it; "3, 2" for two
    for (std::size_t i = 0; i < shape.size(); ++i)
        dims += (i ? ", " : "") + std::to_string(shape[i]);
    if (shape.size() == 1)
        dims += ",";
    std::string header =
        "{'descr': '" + descr + "', 'fortran_order': False, 'shape': (" + dims + "), }";
    // Magic (6) + version (2) + length (2) + header + '\n', padded to 64 bytes.
    while ((10 + header.size() + 1) % 64 != 0)
        header += ' ';
    header += '\n';
    std::ofstream out(path, std::ios::binary);
    out.write("\x93NUMPY\x01\x00", 8);
    const auto length = static_cast<std::uint16_t>(header.size());
    out.put(static_cast<char>(length & 0xff));
    out.put(static_cast<char>(length >> 8));
    out << header << data;
}

template <typename T>
std::string rawBytes(const std::vector<T>& values) {
    return std::string(reinterpret_cast<const char*>(values.data()), values.size() * sizeof(T));
}

// Inputs [n, 2] float32 (zeros) and the given int64 labels.
inline void writeNpyPair(const std::string& xPath, const std::string& yPath,
                         const std::vector<std::int64_t>& labels) {
    const auto n = static_cast<std::int64_t>(labels.size());
    writeNpy(xPath, "<f4", {n, 2}, rawBytes(std::vector<float>(labels.size() * 2, 0.0f)));
    writeNpy(yPath, "<i8", {n}, rawBytes(labels));
}

}  // namespace modescape::test
