#pragma once
// The NumPy .npy container, parsed from memory without torch (so the fuzzer
// exercises exactly this code). Format versions 1.0, 2.0 and 3.0.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace modescape::data {

// The element types Modescape reads: float16/32/64, int8..64, uint8, bool.
enum class NpyKind { Float, Int, UInt, Bool };

struct NpyDType {
    NpyKind kind = NpyKind::Float;
    std::size_t size = 4;    // bytes per element
    bool bigEndian = false;  // '>' in the descr
    std::string descr;       // as written in the header, e.g. "<f4"
};

struct NpyArray {
    NpyDType dtype;
    std::vector<std::int64_t> shape;  // empty for a 0-d array
    bool fortranOrder = false;        // column-major data
    // The element bytes, a view into the parsed buffer.
    std::span<const std::uint8_t> data;

    std::int64_t count() const;
};

// Validates magic, version, the header dictionary ('descr', 'fortran_order',
// 'shape') and that the data is exactly count x itemsize bytes. Throws
// FormatError(origin, ...); an unsupported dtype is named in the message.
NpyArray parseNpy(std::span<const std::uint8_t> bytes, const std::string& origin);

}  // namespace modescape::data
