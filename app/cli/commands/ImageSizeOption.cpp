#include "app/cli/commands/ImageSizeOption.h"

#include <cstdio>
#include <regex>

namespace modescape::cli {

std::string checkImageSize(const std::string& text) {
    std::smatch match;
    if (!std::regex_match(text, match, std::regex(R"((\d{1,5})x(\d{1,5}))")))
        return "give WIDTHxHEIGHT in pixels, e.g. 800x640, not '" + text + "'";
    for (int i = 1; i <= 2; ++i) {
        const int side = std::stoi(match[i].str());
        if (side < 16 || side > kMaxImageSide)
            return "each side must be between 16 and " + std::to_string(kMaxImageSide) +
                   " pixels, not " + match[i].str();
    }
    return {};
}

void parseImageSize(const std::string& text, int& width, int& height) {
    if (!text.empty())
        std::sscanf(text.c_str(), "%dx%d", &width, &height);
}

}  // namespace modescape::cli
