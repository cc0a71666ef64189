#pragma once
// All of a block of bytes onto a file descriptor, however many write() calls
// the kernel takes for it (retrying after EINTR). The journals beside an
// output (landscape points, finished work units) append each record this way.

#include <cstddef>
#include <string>

namespace modescape::io {

// Throws IoError naming `path`: "cannot write <what>: <the system's reason>".
void writeAll(int fd, const void* data, std::size_t size, const std::string& path,
              const std::string& what);

}  // namespace modescape::io
