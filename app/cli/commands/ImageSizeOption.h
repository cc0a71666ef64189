#pragma once
// `--size WIDTHxHEIGHT` of the commands that render a figure with `--png`.

#include <string>

namespace modescape::cli {

inline constexpr int kMaxImageSide = 16384;

// Empty when text is WIDTHxHEIGHT with both sides in [16, kMaxImageSide],
// else why not (the shape CLI11's check() expects).
std::string checkImageSize(const std::string& text);

// Reads a size checkImageSize accepted into width and height; leaves them
// unchanged when text is empty.
void parseImageSize(const std::string& text, int& width, int& height);

}  // namespace modescape::cli
