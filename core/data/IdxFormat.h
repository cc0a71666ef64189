#pragma once
// The IDX container of MNIST / Fashion-MNIST, parsed from memory without torch
// (so the fuzzer exercises exactly this code).
// Layout: 0x00 0x00 <type> <ndims>, ndims big-endian uint32 sizes, then the data,
// big-endian, row-major.

#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace modescape::data {

enum class IdxType : std::uint8_t {
    U8 = 0x08,
    I8 = 0x09,
    I16 = 0x0B,
    I32 = 0x0C,
    F32 = 0x0D,
    F64 = 0x0E,
};

std::size_t idxTypeSize(IdxType type);

struct IdxArray {
    IdxType type = IdxType::U8;
    std::vector<std::int64_t> dims;
    // The element bytes (big-endian), a view into the parsed buffer.
    std::span<const std::uint8_t> data;

    std::int64_t count() const;
};

// Validates the header against the buffer: magic, type code, dimensions, and
// that the data is exactly dims x element size bytes long. Throws
// FormatError(origin, ...) otherwise.
IdxArray parseIdx(std::span<const std::uint8_t> bytes, const std::string& origin);

// Element i as a double (big-endian decoding).
double idxValue(const IdxArray& array, std::int64_t i);

}  // namespace modescape::data
