#include "core/io/ReadAt.h"

#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/Error.h"

namespace modescape::io {

std::size_t readUpTo(int fd, void* buffer, std::size_t size, std::uint64_t offset,
                     const std::string& path, const std::string& what) {
    auto* out = static_cast<char*>(buffer);
    std::size_t done = 0;
    while (done < size) {
        const ssize_t got = ::pread(fd, out + done, size - done, static_cast<off_t>(offset + done));
        if (got < 0 && errno == EINTR)
            continue;
        if (got < 0)
            throw IoError(path, "cannot read " + what + ": " + std::strerror(errno));
        if (got == 0)
            break;
        done += static_cast<std::size_t>(got);
    }
    return done;
}

}  // namespace modescape::io
