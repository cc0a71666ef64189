#pragma once
// Joins names or phrases for messages: {"a", "b"} with ", " gives "a, b".

#include <string>
#include <vector>

namespace modescape {

inline std::string joinText(const std::vector<std::string>& parts,
                            const std::string& separator = ", ") {
    std::string text;
    for (const std::string& part : parts)
        text += (text.empty() ? "" : separator) + part;
    return text;
}

}  // namespace modescape
