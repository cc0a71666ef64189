#pragma once
// A 128-bit content hash (two independent 64-bit FNV-1a streams) of bytes and
// tensors, for cache keys: the same weights, data and model give the same key.

#include <cstdint>
#include <string>

namespace at {
class Tensor;
}

namespace modescape::evaluation {

class ContentHash {
  public:
    ContentHash& add(const void* data, std::size_t size);
    ContentHash& add(const std::string& text);
    // dtype, shape and the bytes of the contiguous CPU copy.
    ContentHash& add(const at::Tensor& tensor);
    std::string hex() const;  // 32 hex digits

  private:
    std::uint64_t a_ = 1469598103934665603ULL;  // FNV offset basis
    std::uint64_t b_ = 0x84222325cbf29ce4ULL;   // a different start for the second stream
};

}  // namespace modescape::evaluation
