// Archive kinds by name, by suffix and by their first bytes.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstring>

#include "core/io/archive/ArchiveReader.h"

namespace modescape::io::archive {

std::string archiveKindName(ArchiveKind kind) {
    switch (kind) {
        case ArchiveKind::Tar:
            return "tar";
        case ArchiveKind::TarGzip:
            return "tar.gz";
        case ArchiveKind::TarZstd:
            return "tar.zst";
        case ArchiveKind::Zip:
            return "zip";
    }
    return "archive";
}

bool hasArchiveSuffix(const std::string& fileName) {
    std::string lower = fileName;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    for (const char* suffix : {".tar", ".tar.gz", ".tgz", ".tar.zst", ".tzst", ".zip"}) {
        const std::size_t n = std::strlen(suffix);
        if (lower.size() > n && lower.compare(lower.size() - n, n, suffix) == 0)
            return true;
    }
    return false;
}

std::optional<ArchiveKind> sniffArchive(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return std::nullopt;
    std::array<unsigned char, 512> head{};
    const ssize_t got = ::pread(fd, head.data(), head.size(), 0);
    ::close(fd);
    if (got < 4)
        return std::nullopt;
    if (head[0] == 0x1f && head[1] == 0x8b)
        return ArchiveKind::TarGzip;
    if (head[0] == 0x28 && head[1] == 0xb5 && head[2] == 0x2f && head[3] == 0xfd)
        return ArchiveKind::TarZstd;
    if (head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
        return ArchiveKind::Zip;
    if (got >= 262 && std::memcmp(head.data() + 257, "ustar", 5) == 0)
        return ArchiveKind::Tar;
    return std::nullopt;
}

}  // namespace modescape::io::archive
