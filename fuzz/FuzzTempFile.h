#pragma once
// For fuzzers of readers that take a path: the input written to one
// temporary file per fuzzer process, rewritten for every run.
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <fstream>
#include <string>

namespace modescape::fuzz {

inline std::string writeTempFile(const std::uint8_t* data, std::size_t size,
                                 const std::string& suffix) {
    static const std::string path = "/tmp/modescape-fuzz-" + std::to_string(::getpid()) + suffix;
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
    return path;
}

}  // namespace modescape::fuzz
