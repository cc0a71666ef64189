#pragma once
// Text that came from files (member names, metadata, tensor names, paths,
// messages quoting them) made safe to print on a terminal: an ANSI escape in
// a checkpoint's name must not recolour, move the cursor or retitle the
// user's terminal. Control characters become visible escapes ("\x1b").

#include <string>
#include <string_view>

namespace modescape {

enum class Newlines {
    Escape,  // one field (a name): '\n' and '\t' are escaped too
    Keep,    // a message of several lines: '\n' and '\t' stay as they are
};

// text with every C0 control (except '\n' and '\t' under Newlines::Keep),
// DEL, every C1 control (U+0080..U+009F), the bidirectional overrides
// (U+202A..U+202E, U+2066..U+2069) and every byte that is not valid UTF-8
// replaced by "\xNN" or "\u{NNNN}". Valid UTF-8 otherwise passes unchanged.
std::string terminalSafe(std::string_view text, Newlines newlines = Newlines::Escape);

}  // namespace modescape
