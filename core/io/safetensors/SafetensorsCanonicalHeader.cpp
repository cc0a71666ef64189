// The fast header parser. Opening a folder of 10,000 checkpoints parses
// 10,000 headers of ~100 tensors each; a general JSON DOM costs ~150 us per
// ResNet-20 header, this ~10x less. It reads only the layout writers emit
// (Python's safetensors, PyTorch tools, ours) and hands anything else to the
// general parser, so it never has to be a complete JSON implementation.

#include <charconv>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsHeaderChecks.h"

namespace modescape::io::safetensors_detail {
namespace {

// Thrown inside this file only: "not canonical, use the general parser".
struct NotCanonical {};

class Cursor {
  public:
    explicit Cursor(std::string_view text) : p_(text.data()), end_(text.data() + text.size()) {}

    bool atEnd() {
        skipSpace();
        return p_ == end_;
    }
    // Consumes c (after whitespace) if it is next.
    bool accept(char c) {
        skipSpace();
        if (p_ != end_ && *p_ == c) {
            ++p_;
            return true;
        }
        return false;
    }
    void expect(char c) {
        if (!accept(c))
            throw NotCanonical{};
    }
    // A string of printable ASCII without escapes (a view into the text).
    std::string_view string() {
        expect('"');
        const char* start = p_;
        while (p_ != end_ && *p_ != '"') {
            const auto c = static_cast<unsigned char>(*p_);
            if (c < 0x20 || c > 0x7e || c == '\\')
                throw NotCanonical{};
            ++p_;
        }
        if (p_ == end_)
            throw NotCanonical{};
        return {start, static_cast<std::size_t>(p_++ - start)};
    }
    // A non-negative integer in JSON's spelling (no leading zeros, sign,
    // fraction or exponent) that fits 64 bits.
    std::uint64_t unsignedInteger() {
        skipSpace();
        const char* start = p_;
        while (p_ != end_ && *p_ >= '0' && *p_ <= '9')
            ++p_;
        if (p_ == start || (*start == '0' && p_ - start > 1))
            throw NotCanonical{};
        if (p_ != end_ && (*p_ == '.' || *p_ == 'e' || *p_ == 'E'))
            throw NotCanonical{};
        std::uint64_t value = 0;
        const auto [last, error] = std::from_chars(start, p_, value);
        if (error != std::errc() || last != p_)
            throw NotCanonical{};
        return value;
    }

  private:
    void skipSpace() {
        while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
            ++p_;
    }
    const char* p_;
    const char* end_;
};

std::map<std::string, std::string> metadata(Cursor& in) {
    std::map<std::string, std::string> result;
    in.expect('{');
    if (in.accept('}'))
        return result;
    do {
        const std::string_view key = in.string();
        in.expect(':');
        const std::string_view value = in.string();
        if (!result.emplace(key, value).second)
            throw NotCanonical{};  // repeated key
    } while (in.accept(','));
    in.expect('}');
    return result;
}

// {"dtype": "...", "shape": [...], "data_offsets": [b, e]} in any key order.
SafetensorsEntry entry(Cursor& in, std::string_view name, std::uint64_t dataSize,
                       const std::string& path) {
    SafetensorsEntry entry;
    entry.info.name = std::string(name);
    std::string_view dtype;
    bool haveDtype = false, haveShape = false, haveOffsets = false;
    in.expect('{');
    do {
        const std::string_view key = in.string();
        in.expect(':');
        if (key == "dtype" && !haveDtype) {
            dtype = in.string();
            haveDtype = true;
        } else if (key == "shape" && !haveShape) {
            in.expect('[');
            if (!in.accept(']')) {
                do {
                    const std::uint64_t dim = in.unsignedInteger();
                    if (dim > static_cast<std::uint64_t>(INT64_MAX))
                        throw NotCanonical{};
                    entry.info.shape.push_back(static_cast<std::int64_t>(dim));
                } while (in.accept(','));
                in.expect(']');
            }
            haveShape = true;
        } else if (key == "data_offsets" && !haveOffsets) {
            in.expect('[');
            entry.begin = in.unsignedInteger();
            in.expect(',');
            entry.end = in.unsignedInteger();
            in.expect(']');
            haveOffsets = true;
        } else {
            throw NotCanonical{};  // an unknown or repeated key
        }
    } while (in.accept(','));
    in.expect('}');
    if (!haveDtype || !haveShape || !haveOffsets)
        throw NotCanonical{};

    entry.info.dtype = dtypeOrThrow(path, entry.info.name, dtype);
    checkOffsets(path, entry.info.name, entry.begin, entry.end, dataSize);
    checkByteSize(path, entry);
    return entry;
}

}  // namespace

std::optional<SafetensorsHeader> parseCanonicalHeader(std::string_view json, std::uint64_t dataSize,
                                                      const std::string& path) {
    SafetensorsHeader header;
    try {
        Cursor in(json);
        bool haveMetadata = false;
        in.expect('{');
        if (!in.accept('}')) {
            do {
                const std::string_view name = in.string();
                in.expect(':');
                if (name == "__metadata__") {
                    if (haveMetadata)
                        throw NotCanonical{};
                    header.metadata = metadata(in);
                    haveMetadata = true;
                } else {
                    header.entries.push_back(entry(in, name, dataSize, path));
                }
            } while (in.accept(','));
            in.expect('}');
        }
        if (!in.atEnd())
            throw NotCanonical{};
    } catch (const NotCanonical&) {
        return std::nullopt;
    }
    finishHeader(header, path);
    return header;
}

}  // namespace modescape::io::safetensors_detail
