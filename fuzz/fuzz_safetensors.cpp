// libFuzzer target for the safetensors header parsers: any input must parse
// or throw modescape::FormatError, never crash, hang or allocate what it
// declares. A header that parses must be self-consistent, and the canonical
// (fast) parser must agree with the general nlohmann::json one whenever it
// takes an input; otherwise the fuzzer traps.
// Seeds: tests/fixtures/safetensors and tests/fixtures/models.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsHeaderChecks.h"
#include "core/io/safetensors/SafetensorsReader.h"

namespace {

using modescape::io::SafetensorsHeader;
namespace detail = modescape::io::safetensors_detail;

const std::string kPath = "fuzz.safetensors";

// What openSafetensors relies on after a successful parse.
void checkInvariants(const SafetensorsHeader& header, std::size_t size) {
    if (header.dataStart < 8 || header.dataStart > size)
        __builtin_trap();
    const std::uint64_t dataSize = size - header.dataStart;
    std::uint64_t previousEnd = 0;
    for (const auto& entry : header.entries) {
        if (entry.begin > entry.end || entry.end > dataSize)
            __builtin_trap();
        std::uint64_t bytes = modescape::io::dtypeSize(entry.info.dtype);
        bool empty = false;
        for (auto dim : entry.info.shape) {
            if (dim < 0)
                __builtin_trap();
            if (dim == 0)
                empty = true;
            bytes *= static_cast<std::uint64_t>(dim);  // may wrap only next to a zero dim
        }
        if ((empty ? 0 : bytes) != entry.end - entry.begin)
            __builtin_trap();
        if (entry.end > entry.begin) {
            if (entry.begin < previousEnd)
                __builtin_trap();  // sorted and disjoint
            previousEnd = entry.end;
        }
    }
}

bool sameEntries(const SafetensorsHeader& a, const SafetensorsHeader& b) {
    if (a.entries.size() != b.entries.size() || a.metadata != b.metadata)
        return false;
    for (std::size_t i = 0; i < a.entries.size(); ++i) {
        const auto& x = a.entries[i];
        const auto& y = b.entries[i];
        if (x.begin != y.begin || x.end != y.end || x.info.dtype != y.info.dtype ||
            x.info.shape != y.info.shape)
            return false;
        // Names may differ only in the order of empty tensors sharing an offset.
        if (x.info.name != y.info.name && x.begin != x.end)
            return false;
    }
    return true;
}

// The outcome of one parser: a header, or nothing when it threw FormatError.
template <typename Parse>
std::optional<SafetensorsHeader> outcome(Parse parse) {
    try {
        return parse();
    } catch (const modescape::FormatError& e) {
        // The expected outcome for bad input; the message must name the file.
        if (std::string(e.what()).rfind(kPath + ": ", 0) != 0)
            __builtin_trap();
        return std::nullopt;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto whole =
        outcome([&] { return modescape::io::parseSafetensorsHeader(data, size, kPath); });
    if (whole)
        checkInvariants(*whole, size);

    // Differential check of the two JSON parsers on the header text.
    if (size < 8)
        return 0;
    std::uint64_t n = 0;
    for (int i = 7; i >= 0; --i)
        n = (n << 8) | data[i];
    if (n > size - 8)
        return 0;
    const std::string_view text(reinterpret_cast<const char*>(data) + 8,
                                static_cast<std::size_t>(n));
    const std::uint64_t dataSize = size - 8 - n;
    bool declined = false;
    const auto fast = outcome([&]() -> SafetensorsHeader {
        auto header = detail::parseCanonicalHeader(text, dataSize, kPath);
        if (!header)
            declined = true;
        return header ? std::move(*header) : SafetensorsHeader{};
    });
    if (declined)
        return 0;  // not canonical: only the general parser reads it
    const auto general = outcome([&] { return detail::parseGeneralHeader(text, dataSize, kPath); });
    if (fast.has_value() != general.has_value())
        __builtin_trap();
    if (fast && !sameEntries(*fast, *general))
        __builtin_trap();
    return 0;
}
