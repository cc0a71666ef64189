#include "core/common/TerminalText.h"

#include <cstdint>
#include <cstdio>

namespace modescape {
namespace {

void appendByteEscape(std::string& out, unsigned char byte) {
    char buf[8];
    std::snprintf(buf, sizeof buf, "\\x%02x", byte);
    out += buf;
}

void appendCodePointEscape(std::string& out, std::uint32_t codePoint) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "\\u{%04x}", static_cast<unsigned>(codePoint));
    out += buf;
}

// Length of the valid UTF-8 sequence at text[i] and its code point; 0 when invalid
// (a stray continuation byte, a truncated or overlong sequence, a surrogate).
std::size_t decodeUtf8(std::string_view text, std::size_t i, std::uint32_t& codePoint) {
    const auto lead = static_cast<unsigned char>(text[i]);
    std::size_t length;
    std::uint32_t minimum;
    if (lead < 0x80) {
        codePoint = lead;
        return 1;
    } else if ((lead & 0xe0) == 0xc0) {
        length = 2, minimum = 0x80, codePoint = lead & 0x1f;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3, minimum = 0x800, codePoint = lead & 0x0f;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4, minimum = 0x10000, codePoint = lead & 0x07;
    } else {
        return 0;
    }
    if (i + length > text.size())
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const auto c = static_cast<unsigned char>(text[i + k]);
        if ((c & 0xc0) != 0x80)
            return 0;
        codePoint = (codePoint << 6) | (c & 0x3f);
    }
    if (codePoint < minimum || codePoint > 0x10ffff || (codePoint >= 0xd800 && codePoint <= 0xdfff))
        return 0;
    return length;
}

bool isHiddenFormatting(std::uint32_t c) {
    return (c >= 0x80 && c <= 0x9f) ||      // C1 controls (0x9b is a one-byte CSI)
           (c >= 0x202a && c <= 0x202e) ||  // bidirectional embeddings and overrides
           (c >= 0x2066 && c <= 0x2069);    // bidirectional isolates
}

}  // namespace

std::string terminalSafe(std::string_view text, Newlines newlines) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        const auto byte = static_cast<unsigned char>(text[i]);
        if (byte < 0x20 || byte == 0x7f) {
            if (newlines == Newlines::Keep && (byte == '\n' || byte == '\t'))
                out += static_cast<char>(byte);
            else
                appendByteEscape(out, byte);
            ++i;
            continue;
        }
        std::uint32_t codePoint = 0;
        const std::size_t length = decodeUtf8(text, i, codePoint);
        if (length == 0) {
            appendByteEscape(out, byte);
            ++i;
        } else if (isHiddenFormatting(codePoint)) {
            appendCodePointEscape(out, codePoint);
            i += length;
        } else {
            out.append(text.substr(i, length));
            i += length;
        }
    }
    return out;
}

}  // namespace modescape
