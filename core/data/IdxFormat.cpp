#include "core/data/IdxFormat.h"

#include <bit>
#include <cstring>

#include "core/common/Error.h"

namespace modescape::data {

namespace {

std::uint32_t readBigEndian32(const std::uint8_t* p) {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
           std::uint32_t{p[3]};
}

std::uint64_t readBigEndian(const std::uint8_t* p, std::size_t size) {
    std::uint64_t v = 0;
    for (std::size_t k = 0; k < size; ++k)
        v = (v << 8) | p[k];
    return v;
}

bool knownType(std::uint8_t code) {
    return code == 0x08 || code == 0x09 || code == 0x0B || code == 0x0C || code == 0x0D ||
           code == 0x0E;
}

}  // namespace

std::size_t idxTypeSize(IdxType type) {
    switch (type) {
        case IdxType::U8:
        case IdxType::I8:
            return 1;
        case IdxType::I16:
            return 2;
        case IdxType::I32:
        case IdxType::F32:
            return 4;
        case IdxType::F64:
            return 8;
    }
    return 1;
}

std::int64_t IdxArray::count() const {
    std::int64_t n = 1;
    for (auto d : dims)
        n *= d;
    return n;
}

IdxArray parseIdx(std::span<const std::uint8_t> bytes, const std::string& origin) {
    if (bytes.size() < 4)
        throw FormatError(origin, "too short for an IDX header (" + std::to_string(bytes.size()) +
                                      " bytes); the file is truncated or not IDX");
    if (bytes[0] != 0 || bytes[1] != 0)
        throw FormatError(origin, "not an IDX file (it must start with two zero bytes)");
    if (!knownType(bytes[2]))
        throw FormatError(origin, "unknown IDX element type code " + std::to_string(bytes[2]) +
                                      " (expected 0x08, 0x09, 0x0B, 0x0C, 0x0D or 0x0E)");
    const std::size_t ndims = bytes[3];
    if (ndims == 0)
        throw FormatError(origin, "IDX header declares 0 dimensions");
    const std::size_t headerSize = 4 + 4 * ndims;
    if (bytes.size() < headerSize)
        throw FormatError(origin, "truncated IDX header: " + std::to_string(ndims) +
                                      " dimensions need " + std::to_string(headerSize) +
                                      " bytes but the file has " + std::to_string(bytes.size()));
    IdxArray array;
    array.type = static_cast<IdxType>(bytes[2]);
    // Count bytes with an overflow guard: a lying header may claim 2^32 x 2^32 x 2^32.
    const std::uint64_t available = bytes.size() - headerSize;
    const std::uint64_t elementSize = idxTypeSize(array.type);
    std::uint64_t expected = elementSize;
    bool tooLarge = false;
    for (std::size_t k = 0; k < ndims; ++k) {
        const std::uint32_t d = readBigEndian32(bytes.data() + 4 + 4 * k);
        array.dims.push_back(d);
        tooLarge = tooLarge || __builtin_mul_overflow(expected, std::uint64_t{d}, &expected);
    }
    std::string shape;
    for (std::size_t k = 0; k < ndims; ++k)
        shape += (k ? " x " : "") + std::to_string(array.dims[k]);
    if (tooLarge || expected != available)
        throw FormatError(
            origin, "IDX header declares " + shape + " elements of " + std::to_string(elementSize) +
                        " byte(s)" + (tooLarge ? "" : " = " + std::to_string(expected) + " bytes") +
                        " but the file holds " + std::to_string(available) +
                        " data bytes; the file is truncated or its header is wrong");
    array.data = bytes.subspan(headerSize);
    return array;
}

double idxValue(const IdxArray& array, std::int64_t i) {
    const std::size_t size = idxTypeSize(array.type);
    const std::uint64_t raw =
        readBigEndian(array.data.data() + static_cast<std::size_t>(i) * size, size);
    switch (array.type) {
        case IdxType::U8:
            return static_cast<double>(raw);
        case IdxType::I8:
            return static_cast<std::int8_t>(raw);
        case IdxType::I16:
            return static_cast<std::int16_t>(raw);
        case IdxType::I32:
            return static_cast<std::int32_t>(raw);
        case IdxType::F32:
            return std::bit_cast<float>(static_cast<std::uint32_t>(raw));
        case IdxType::F64:
            return std::bit_cast<double>(raw);
    }
    return 0;
}

}  // namespace modescape::data
