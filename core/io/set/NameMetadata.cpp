#include "core/io/set/NameMetadata.h"

#include <cctype>

namespace modescape::io {
namespace {

bool isDigit(char c) {
    return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
bool isLetter(char c) {
    return std::isalpha(static_cast<unsigned char>(c)) != 0;
}

// Reads digits with an optional decimal part from s[i]; returns the value text
// with leading zeros of the integer part removed, and advances i.
std::string readNumber(const std::string& s, std::size_t& i) {
    const std::size_t start = i;
    while (i < s.size() && isDigit(s[i]))
        ++i;
    std::string integer = s.substr(start, i - start);
    const std::size_t firstNonZero = integer.find_first_not_of('0');
    integer = firstNonZero == std::string::npos ? "0" : integer.substr(firstNonZero);
    if (i + 1 < s.size() && s[i] == '.' && isDigit(s[i + 1])) {
        const std::size_t fraction = i;
        ++i;
        while (i < s.size() && isDigit(s[i]))
            ++i;
        return integer + s.substr(fraction, i - fraction);
    }
    return integer;
}

}  // namespace

std::map<std::string, std::string> metadataFromFileName(const std::string& stem) {
    std::map<std::string, std::string> found;
    std::size_t i = 0;
    while (i < stem.size()) {
        if (isLetter(stem[i])) {
            const std::size_t start = i;
            while (i < stem.size() && isLetter(stem[i]))
                ++i;
            std::string key = stem.substr(start, i - start);
            for (char& c : key)
                c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            std::size_t j = i;
            if (j < stem.size() && (stem[j] == '_' || stem[j] == '-'))
                ++j;
            if (j < stem.size() && isDigit(stem[j])) {
                i = j;
                const std::string value = readNumber(stem, i);
                found.emplace(key, value);  // the first occurrence wins
            }
        } else if (isDigit(stem[i])) {
            // A number standing alone (start of the name or after a separator).
            const bool alone =
                i == 0 || stem[i - 1] == '_' || stem[i - 1] == '-' || stem[i - 1] == ' ';
            const std::string value = readNumber(stem, i);
            if (alone)
                found.emplace("index", value);
        } else {
            ++i;
        }
    }
    return found;
}

bool naturalLess(const std::string& a, const std::string& b) {
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (isDigit(a[i]) && isDigit(b[j])) {
            std::size_t ei = i, ej = j;
            while (ei < a.size() && isDigit(a[ei]))
                ++ei;
            while (ej < b.size() && isDigit(b[ej]))
                ++ej;
            // Compare without leading zeros: longer digit run = larger number.
            std::size_t si = i, sj = j;
            while (si + 1 < ei && a[si] == '0')
                ++si;
            while (sj + 1 < ej && b[sj] == '0')
                ++sj;
            if (ei - si != ej - sj)
                return ei - si < ej - sj;
            const int c = a.compare(si, ei - si, b, sj, ej - sj);
            if (c != 0)
                return c < 0;
            if (ei - i != ej - j)
                return ei - i < ej - j;  // "07" before "007"
            i = ei;
            j = ej;
        } else {
            if (a[i] != b[j])
                return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
            ++i;
            ++j;
        }
    }
    return a.size() - i < b.size() - j;
}

}  // namespace modescape::io
