#pragma once
// Test-only reader of the hand-written safetensors fixtures of
// tests/fixtures/models (F32, F16, I64), so these tests do not depend on the
// checkpoint readers of core/io.

#include <ATen/ATen.h>

#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/ParameterSet.h"

namespace modescape::model::test {

inline std::string modelFixture(const std::string& name) {
    return std::string(MODESCAPE_FIXTURES_DIR) + "/models/" + name;
}

// Every tensor of the file, in file order; floats converted to float32.
inline ParameterSet readFixture(const std::string& name) {
    std::string path = modelFixture(name);
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw std::runtime_error("cannot open fixture " + path);
    std::uint64_t n = 0;
    in.read(reinterpret_cast<char*>(&n), 8);
    std::string header(n, '\0');
    in.read(header.data(), static_cast<std::streamsize>(n));
    std::vector<char> data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    auto json = nlohmann::ordered_json::parse(header);
    ParameterSet out;
    for (const auto& [key, v] : json.items()) {
        if (key == "__metadata__")
            continue;
        auto dtype = v.at("dtype").get<std::string>();
        auto shape = v.at("shape").get<std::vector<std::int64_t>>();
        auto begin = v.at("data_offsets")[0].get<std::size_t>();
        auto type = dtype == "F32" ? at::kFloat : dtype == "F16" ? at::kHalf : at::kLong;
        auto t = at::empty(shape, type);
        std::memcpy(t.data_ptr(), data.data() + begin, t.numel() * t.element_size());
        out.add(key, type == at::kHalf ? t.to(at::kFloat) : t);
    }
    return out;
}

}  // namespace modescape::model::test
