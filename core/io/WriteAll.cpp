#include "core/io/WriteAll.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/Error.h"

namespace modescape::io {

void writeAll(int fd, const void* data, std::size_t size, const std::string& path,
              const std::string& what) {
    const auto* bytes = static_cast<const char*>(data);
    while (size > 0) {
        const ssize_t written = ::write(fd, bytes, size);
        if (written < 0 && errno == EINTR)
            continue;
        if (written <= 0)
            throw IoError(path, "cannot write " + what + ": " + std::strerror(errno));
        bytes += written;
        size -= static_cast<std::size_t>(written);
    }
}

}  // namespace modescape::io
