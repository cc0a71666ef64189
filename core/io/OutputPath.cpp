#include "core/io/OutputPath.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <filesystem>

#include "core/common/Error.h"

namespace modescape::io {
namespace fs = std::filesystem;

namespace {

fs::path parentOf(const std::string& path) {
    const fs::path p = fs::path(path).lexically_normal();
    // "out/" names the folder "out": drop the empty last component first.
    const fs::path trimmed = p.has_filename() ? p : p.parent_path();
    return trimmed.has_parent_path() ? trimmed.parent_path() : fs::path(".");
}

}  // namespace

std::string sidecarPathFor(const std::string& out, const std::string& suffix) {
    const fs::path path(out);
    return (path.parent_path() / ("." + path.filename().string() + suffix)).string();
}

void checkParentWritable(const std::string& path) {
    const fs::path parent = parentOf(path);
    std::error_code ec;
    const fs::file_status status = fs::status(parent, ec);
    if (!fs::exists(status))
        throw IoError(path, "the folder '" + parent.string() +
                                "' does not exist; create it first or choose another location");
    if (!fs::is_directory(status))
        throw IoError(path, "'" + parent.string() + "' is not a folder; choose another location");
    static std::atomic<unsigned> counter{0};
    const fs::path probe = parent / (".modescape-probe-" + std::to_string(::getpid()) + "-" +
                                     std::to_string(counter++));
    const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        throw IoError(path, "cannot write in the folder '" + parent.string() + "' (" +
                                std::strerror(errno) + "); choose another location");
    ::close(fd);
    ::unlink(probe.c_str());
}

void checkOutputFile(const std::string& path) {
    if (path.empty())
        return;
    std::error_code ec;
    if (fs::is_directory(path, ec))
        throw IoError(path, "is a folder; give the name of a file to write");
    checkParentWritable(path);
}

}  // namespace modescape::io
