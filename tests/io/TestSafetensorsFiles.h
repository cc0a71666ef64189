#pragma once
// Helpers shared by the safetensors tests: hand-made files with a given header.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>

namespace modescape::test {

inline std::string testOutput(const std::string& name) {
    const std::filesystem::path dir =
        std::filesystem::path(MODESCAPE_TEST_OUTPUT_DIR) / "safetensors";
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

inline std::string fixture(const std::string& name) {
    return std::string(MODESCAPE_FIXTURES_DIR) + "/safetensors/" + name;
}

inline void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

inline std::string lengthPrefix(std::uint64_t n) {
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[i] = static_cast<char>((n >> (8 * i)) & 0xff);
    return bytes;
}

// A file with the given JSON header followed by dataSize bytes of value fill.
inline std::string writeSafetensorsFile(const std::string& name, const std::string& header,
                                        std::size_t dataSize, char fill = '\x01') {
    const std::string path = testOutput(name);
    writeBytes(path, lengthPrefix(header.size()) + header + std::string(dataSize, fill));
    return path;
}

inline std::string readBytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

}  // namespace modescape::test
