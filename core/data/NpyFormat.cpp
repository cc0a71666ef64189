#include "core/data/NpyFormat.h"

#include <cstring>
#include <optional>

#include "core/common/Error.h"

namespace modescape::data {

namespace {

const char* kSupported = "float16/32/64, int8/16/32/64, uint8 and bool";

// A cursor over the header's Python dict literal, e.g.
// {'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }
class HeaderParser {
  public:
    HeaderParser(std::string_view text, const std::string& origin) : text_(text), origin_(origin) {}

    void skipSpace() {
        while (pos_ < text_.size() &&
               (text_[pos_] == ' ' || text_[pos_] == '\n' || text_[pos_] == '\t'))
            ++pos_;
    }
    bool accept(char c) {
        skipSpace();
        if (pos_ < text_.size() && text_[pos_] == c)
            return ++pos_, true;
        return false;
    }
    void expect(char c) {
        if (!accept(c))
            fail(std::string("expected '") + c + "'");
    }
    char peek() {
        skipSpace();
        return pos_ < text_.size() ? text_[pos_] : '\0';
    }
    std::string string() {
        skipSpace();
        if (pos_ >= text_.size() || (text_[pos_] != '\'' && text_[pos_] != '"'))
            fail("expected a string");
        const char quote = text_[pos_++];
        const auto end = text_.find(quote, pos_);
        if (end == std::string_view::npos)
            fail("unterminated string");
        std::string s(text_.substr(pos_, end - pos_));
        pos_ = end + 1;
        return s;
    }
    bool boolean() {
        skipSpace();
        if (text_.substr(pos_, 4) == "True")
            return pos_ += 4, true;
        if (text_.substr(pos_, 5) == "False")
            return pos_ += 5, false;
        fail("expected True or False");
    }
    std::int64_t integer() {
        skipSpace();
        std::int64_t v = 0;
        std::size_t digits = 0;
        while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
            if (v > (INT64_MAX - 9) / 10)
                fail("dimension too large");
            v = v * 10 + (text_[pos_++] - '0');
            ++digits;
        }
        if (pos_ < text_.size() && text_[pos_] == 'L')
            ++pos_;  // Python 2 long suffix
        if (digits == 0)
            fail("expected a non-negative integer");
        return v;
    }
    std::vector<std::int64_t> tuple() {
        expect('(');
        std::vector<std::int64_t> values;
        while (!accept(')')) {
            values.push_back(integer());
            if (!accept(',')) {
                expect(')');
                break;
            }
        }
        return values;
    }
    [[noreturn]] void fail(const std::string& what) const {
        throw FormatError(origin_, "malformed NPY header at character " + std::to_string(pos_) +
                                       ": " + what +
                                       " (header: " + std::string(text_.substr(0, 200)) + ")");
    }

  private:
    std::string_view text_;
    const std::string& origin_;
    std::size_t pos_ = 0;
};

NpyDType parseDescr(const std::string& descr, const std::string& origin) {
    auto unsupported = [&](const std::string& why) -> FormatError {
        return FormatError(origin, "unsupported NPY dtype '" + descr + "' (" + why +
                                       "); Modescape reads " + kSupported +
                                       ": convert the array with numpy's astype first");
    };
    if (descr.size() < 3)
        throw unsupported("unrecognised");
    NpyDType dtype;
    dtype.descr = descr;
    const char order = descr[0];
    if (order != '<' && order != '>' && order != '|' && order != '=')
        throw unsupported("unrecognised byte order");
    dtype.bigEndian = order == '>';
    const char kind = descr[1];
    const std::string sizeText = descr.substr(2);
    if (sizeText.find_first_not_of("0123456789") != std::string::npos || sizeText.size() > 3)
        throw unsupported("unrecognised");
    dtype.size = std::stoul(sizeText);
    const auto sized = [&](std::initializer_list<std::size_t> ok) {
        for (auto s : ok)
            if (dtype.size == s)
                return true;
        return false;
    };
    switch (kind) {
        case 'f':
            dtype.kind = NpyKind::Float;
            if (!sized({2, 4, 8}))
                throw unsupported(std::to_string(dtype.size * 8) + "-bit float");
            break;
        case 'i':
            dtype.kind = NpyKind::Int;
            if (!sized({1, 2, 4, 8}))
                throw unsupported("integer size");
            break;
        case 'u':
            dtype.kind = NpyKind::UInt;
            if (!sized({1}))
                throw unsupported(std::to_string(dtype.size * 8) + "-bit unsigned integer");
            break;
        case 'b':
            dtype.kind = NpyKind::Bool;
            if (!sized({1}))
                throw unsupported("bool size");
            break;
        case 'c':
            throw unsupported("complex");
        case 'U':
        case 'S':
            throw unsupported("string");
        case 'O':
            throw unsupported("Python objects");
        case 'M':
        case 'm':
            throw unsupported("date/time");
        default:
            throw unsupported("unrecognised");
    }
    return dtype;
}

std::uint64_t readLittleEndian(const std::uint8_t* p, std::size_t size) {
    std::uint64_t v = 0;
    for (std::size_t k = size; k-- > 0;)
        v = (v << 8) | p[k];
    return v;
}

}  // namespace

std::int64_t NpyArray::count() const {
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

NpyArray parseNpy(std::span<const std::uint8_t> bytes, const std::string& origin) {
    static const std::uint8_t kMagic[6] = {0x93, 'N', 'U', 'M', 'P', 'Y'};
    if (bytes.size() < 10 || std::memcmp(bytes.data(), kMagic, 6) != 0)
        throw FormatError(origin, bytes.size() < 10 && bytes.size() >= 6 &&
                                          std::memcmp(bytes.data(), kMagic, 6) == 0
                                      ? "truncated NPY header"
                                      : "not an NPY file (missing the \\x93NUMPY magic)");
    const int major = bytes[6];
    std::size_t lengthBytes = 0;
    if (major == 1)
        lengthBytes = 2;
    else if (major == 2 || major == 3)
        lengthBytes = 4;
    else
        throw FormatError(origin, "unsupported NPY format version " + std::to_string(major) + "." +
                                      std::to_string(bytes[7]));
    if (bytes.size() < 8 + lengthBytes)
        throw FormatError(origin, "truncated NPY header");
    const std::uint64_t headerLength = readLittleEndian(bytes.data() + 8, lengthBytes);
    const std::uint64_t dataOffset = 8 + lengthBytes + headerLength;
    if (dataOffset > bytes.size())
        throw FormatError(origin, "truncated NPY header: it declares " +
                                      std::to_string(headerLength) + " bytes but the file has " +
                                      std::to_string(bytes.size()));
    const std::string_view text(reinterpret_cast<const char*>(bytes.data() + 8 + lengthBytes),
                                headerLength);

    HeaderParser parser(text, origin);
    std::optional<NpyDType> dtype;
    std::optional<bool> fortran;
    std::optional<std::vector<std::int64_t>> shape;
    parser.expect('{');
    while (!parser.accept('}')) {
        const std::string key = parser.string();
        parser.expect(':');
        if (key == "descr") {
            if (parser.peek() == '[')
                throw FormatError(origin,
                                  "unsupported NPY dtype: a structured (record) array; "
                                  "save each field as its own array");
            dtype = parseDescr(parser.string(), origin);
        } else if (key == "fortran_order") {
            fortran = parser.boolean();
        } else if (key == "shape") {
            shape = parser.tuple();
        } else {
            parser.fail("unknown key '" + key + "'");
        }
        if (!parser.accept(',')) {
            parser.expect('}');
            break;
        }
    }
    if (!dtype || !fortran || !shape)
        throw FormatError(origin, "NPY header lacks one of 'descr', 'fortran_order', 'shape'");

    NpyArray array;
    array.dtype = *dtype;
    array.fortranOrder = *fortran;
    array.shape = *shape;
    const std::uint64_t available = bytes.size() - dataOffset;
    std::uint64_t expected = array.dtype.size;
    bool tooLarge = false;  // the declared size does not even fit in 64 bits
    for (auto d : array.shape)
        tooLarge =
            tooLarge || __builtin_mul_overflow(expected, static_cast<std::uint64_t>(d), &expected);
    if (tooLarge || expected != available)
        throw FormatError(
            origin, "NPY header declares " + std::to_string(array.shape.size()) + "-d shape of " +
                        array.dtype.descr + " needing " +
                        (tooLarge ? std::string("over 2^64") : std::to_string(expected)) +
                        " bytes but " + std::to_string(available) +
                        " follow the header; the file is truncated or corrupt");
    array.data = bytes.subspan(dataOffset);
    return array;
}

}  // namespace modescape::data
