#include "core/evaluation/ContentHash.h"

#include <ATen/ATen.h>

#include <cstdio>

namespace modescape::evaluation {

ContentHash& ContentHash::add(const void* data, std::size_t size) {
    constexpr std::uint64_t prime = 1099511628211ULL;
    const auto* bytes = static_cast<const unsigned char*>(data);
    for (std::size_t i = 0; i < size; ++i) {
        a_ = (a_ ^ bytes[i]) * prime;
        b_ = (b_ ^ (bytes[i] + 0x5bu)) * prime;  // offset keeps the streams apart
    }
    return *this;
}

ContentHash& ContentHash::add(const std::string& text) {
    const std::uint64_t size = text.size();
    add(&size, sizeof size);
    return add(text.data(), text.size());
}

ContentHash& ContentHash::add(const at::Tensor& tensor) {
    const at::Tensor cpu = tensor.detach().to(at::kCPU).contiguous();
    add(std::string(c10::toString(cpu.scalar_type())));
    for (auto d : cpu.sizes())
        add(&d, sizeof d);
    return add(cpu.data_ptr(), cpu.nbytes());
}

std::string ContentHash::hex() const {
    char text[33];
    std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(a_),
                  static_cast<unsigned long long>(b_));
    return text;
}

}  // namespace modescape::evaluation
