#pragma once
// Bytes at an offset of an open file, however many pread() calls the kernel
// takes for them (retrying after EINTR): the one read loop of the checkpoint
// readers (torch zip records, safetensors headers, archive members).

#include <cstddef>
#include <cstdint>
#include <string>

namespace modescape::io {

// Up to `size` bytes at `offset`; fewer only where the file ends. Throws
// IoError naming `path`: "cannot read <what>: <the system's reason>".
std::size_t readUpTo(int fd, void* buffer, std::size_t size, std::uint64_t offset,
                     const std::string& path, const std::string& what);

}  // namespace modescape::io
