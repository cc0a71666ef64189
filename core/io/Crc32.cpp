#include "core/io/Crc32.h"

#include <libdeflate.h>

namespace modescape::io {

std::uint32_t crc32Of(const void* data, std::size_t size, std::uint32_t crc) {
    return libdeflate_crc32(crc, data, size);
}

}  // namespace modescape::io
