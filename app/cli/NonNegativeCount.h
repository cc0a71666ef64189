#pragma once
// A whole-number option that must not be negative (--subset, --batch-size ...).
// CLI11's NonNegativeNumber would do, but its message prints its upper bound,
// DBL_MAX, with all 309 digits.

#include <CLI/CLI.hpp>

#include <charconv>
#include <cstdint>
#include <string>

namespace modescape::cli {

inline CLI::Validator nonNegativeCount() {
    return CLI::Validator(
        [](std::string& text) {
            std::int64_t value = 0;
            const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
            if (text.empty() || ec != std::errc() || end != text.data() + text.size())
                return "'" + text + "' is not a whole number (0 or more)";
            if (value < 0)
                return "must be 0 or more, got " + text;
            return std::string();
        },
        "N >= 0", "NON-NEGATIVE");
}

}  // namespace modescape::cli
