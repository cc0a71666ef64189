// Read-only access to an archive file.

#include "core/io/archive/ArchiveFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "core/common/Error.h"
#include "core/io/ReadAt.h"

namespace modescape::io::archive {
namespace {

FileIdentity identityFromStat(const struct stat& info) {
    return {static_cast<std::uint64_t>(info.st_size),
            static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec};
}

}  // namespace

ArchiveFile::ArchiveFile(const std::string& path) : path_(path) {
    fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd_ < 0)
        throw IoError(path, std::string("cannot open the archive (") + std::strerror(errno) + ")");
    struct stat info {};
    if (::fstat(fd_, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd_);
        throw IoError(path, "is not a regular file");
    }
    identity_ = identityFromStat(info);
}

ArchiveFile::~ArchiveFile() {
    if (fd_ >= 0)
        ::close(fd_);
}

std::size_t ArchiveFile::readAt(void* buffer, std::size_t size, std::uint64_t offset) const {
    return readUpTo(fd_, buffer, size, offset, path_, "the archive");
}

void ArchiveFile::readExactlyAt(void* buffer, std::size_t size, std::uint64_t offset,
                                const std::string& what) const {
    if (readAt(buffer, size, offset) != size)
        throw FormatError(path_, what +
                                     ": the archive ends early; it changed since it was "
                                     "indexed or is truncated; open it again");
}

FileIdentity fileIdentityOf(const std::string& path) {
    struct stat info {};
    if (::stat(path.c_str(), &info) != 0)
        throw IoError(path, std::string("cannot query the file (") + std::strerror(errno) + ")");
    return identityFromStat(info);
}

}  // namespace modescape::io::archive
