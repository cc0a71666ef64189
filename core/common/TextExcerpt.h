#pragma once
// Quoting file content in an error message: a CSV cell or a header can be
// megabytes long, and the message must stay readable.

#include <cstddef>
#include <string>
#include <string_view>

namespace modescape {

// text when it has at most maxBytes bytes, else its first maxBytes bytes (never
// splitting a UTF-8 character) followed by "…".
std::string excerpt(std::string_view text, std::size_t maxBytes = 80);

}  // namespace modescape
