#include "core/data/ByteSource.h"

#include <zlib.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>

#include "core/common/Error.h"

namespace modescape::data {

Bytes readFileBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    if (!in)
        throw IoError(path, std::string("cannot open: ") + std::strerror(errno));
    const auto size = static_cast<std::streamoff>(in.tellg());
    if (size < 0)
        throw IoError(path, "cannot determine the file size");
    Bytes bytes(static_cast<std::size_t>(size));
    in.seekg(0);
    if (size > 0 && !in.read(reinterpret_cast<char*>(bytes.data()), size))
        throw IoError(path, "read failed");
    return bytes;
}

bool isGzip(std::span<const std::uint8_t> bytes) {
    return bytes.size() >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b;
}

namespace {

// Runs inflate over input with the given window bits (gzip or raw deflate) and
// appends to out; a stream that stops before its end marker is a truncation.
void inflateAll(std::span<const std::uint8_t> input, int windowBits, Bytes& out,
                std::size_t maxOutput, bool multiMember, const std::string& origin) {
    z_stream zs{};
    if (inflateInit2(&zs, windowBits) != Z_OK)
        throw FormatError(origin, "zlib could not be initialised");
    zs.next_in = const_cast<Bytef*>(input.data());
    zs.avail_in = static_cast<uInt>(input.size());
    std::uint8_t chunk[1 << 16];
    int rc = Z_OK;
    for (;;) {
        zs.next_out = chunk;
        zs.avail_out = sizeof chunk;
        rc = inflate(&zs, Z_NO_FLUSH);
        const std::size_t produced = sizeof chunk - zs.avail_out;
        if (out.size() + produced > maxOutput) {
            inflateEnd(&zs);
            throw FormatError(origin, "decompressed data is larger than expected (" +
                                          std::to_string(maxOutput) + " bytes at most)");
        }
        out.insert(out.end(), chunk, chunk + produced);
        if (rc == Z_STREAM_END) {
            // gzip files may hold several members back to back.
            if (multiMember && zs.avail_in > 0 && isGzip({zs.next_in, zs.avail_in})) {
                inflateReset(&zs);
                continue;
            }
            break;
        }
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) {
            inflateEnd(&zs);
            throw FormatError(origin, "compressed data is truncated (the stream ends after " +
                                          std::to_string(out.size()) +
                                          " decompressed bytes); download or copy the file again");
        }
        if (rc != Z_OK && rc != Z_BUF_ERROR) {
            const std::string why = zs.msg ? zs.msg : "error " + std::to_string(rc);
            inflateEnd(&zs);
            throw FormatError(origin, "compressed data is corrupt (" + why + ")");
        }
    }
    inflateEnd(&zs);
}

}  // namespace

Bytes gunzip(std::span<const std::uint8_t> bytes, const std::string& origin,
             std::size_t maxOutput) {
    if (!isGzip(bytes))
        throw FormatError(origin, "not a gzip stream");
    if (bytes.size() > UINT32_MAX)
        throw FormatError(origin, "gzip file too large");
    Bytes out;
    inflateAll(bytes, 15 + 16, out, maxOutput, true, origin);
    return out;
}

Bytes inflateRaw(std::span<const std::uint8_t> bytes, std::size_t expectedSize,
                 const std::string& origin) {
    if (bytes.size() > UINT32_MAX)
        throw FormatError(origin, "compressed entry too large");
    Bytes out;
    // DEFLATE expands at most ~1032:1, so a lying size cannot force a huge allocation.
    out.reserve(std::min<std::size_t>(expectedSize, bytes.size() * 1032 + 64));
    inflateAll(bytes, -15, out, expectedSize, false, origin);
    if (out.size() != expectedSize)
        throw FormatError(origin, "inflated to " + std::to_string(out.size()) +
                                      " bytes but the archive declares " +
                                      std::to_string(expectedSize));
    return out;
}

Bytes readMaybeGzipped(const std::string& path) {
    Bytes bytes = readFileBytes(path);
    if (isGzip(bytes))
        return gunzip(bytes, path);
    return bytes;
}

}  // namespace modescape::data
