#pragma once
// Checkpoint sets made on the fly for the set tests (io, cli, ui): small
// MLP-shaped state dicts written with our safetensors writer, with values
// simple enough to work out by hand.

#include <ATen/ATen.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/io/safetensors/SafetensorsWriter.h"

namespace modescape::test {

// fc1.weight [w1, w0], fc1.bias [w1], fc2.weight [w2, w1], ...: every weight
// of layer k filled with weightValue, every bias with 0.
inline void writeMlp(const std::string& path, const std::vector<std::int64_t>& widths,
                     float weightValue = 0.5f,
                     const std::map<std::string, std::string>& metadata = {}) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (std::size_t k = 1; k < widths.size(); ++k) {
        const std::string layer = "fc" + std::to_string(k);
        tensors.emplace_back(layer + ".weight", at::full({widths[k], widths[k - 1]}, weightValue));
        tensors.emplace_back(layer + ".bias", at::zeros({widths[k]}));
    }
    io::writeSafetensors(path, tensors, metadata);
}

// Elements of writeMlp(widths): sum of w_k * w_{k-1} + w_k.
inline std::int64_t mlpParameters(const std::vector<std::int64_t>& widths) {
    std::int64_t n = 0;
    for (std::size_t k = 1; k < widths.size(); ++k)
        n += widths[k] * widths[k - 1] + widths[k];
    return n;
}

inline void writeText(const std::string& path, const std::string& text) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream(path, std::ios::binary) << text;
}

}  // namespace modescape::test
