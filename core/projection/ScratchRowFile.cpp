#include "core/projection/ScratchRowFile.h"

#include <ATen/ATen.h>

#include <atomic>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <system_error>

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/common/Error.h"
#include "core/common/MemoryBudget.h"
#include "core/common/UserFolders.h"

namespace modescape::projection {

namespace {

namespace fs = std::filesystem;

constexpr const char* kPrefix = "rows-";

// Whether `inner` lies inside `outer` (both canonical).
bool inside(const fs::path& inner, const fs::path& outer) {
    auto o = outer.begin();
    auto i = inner.begin();
    for (; o != outer.end(); ++o, ++i)
        if (i == inner.end() || *i != *o)
            return false;
    return true;
}

// The scratch folder, made if needed; refused when it (through a link) is not
// inside the cache folder.
fs::path makeScratchFolder() {
    const fs::path cache = userCacheFolder();
    const fs::path scratch = scratchFolder();
    std::error_code ec;
    fs::create_directories(scratch, ec);
    if (ec)
        throw IoError(scratch.string(), "cannot make the scratch folder: " + ec.message());
    if (fs::is_symlink(scratch) || !inside(fs::canonical(scratch), fs::canonical(cache)))
        throw IoError(scratch.string(), "the scratch folder leads outside the cache folder " +
                                            cache.string() + "; remove it");
    return scratch;
}

// Removes scratch files of processes that are gone (a crash or a kill -9
// skipped their destructors). A file of a living process is left alone.
void removeOrphans(const fs::path& scratch) {
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(scratch, ec)) {
        const std::string name = entry.path().filename().string();
        if (name.rfind(kPrefix, 0) != 0)
            continue;
        const long pid = std::strtol(name.c_str() + std::strlen(kPrefix), nullptr, 10);
        if (pid > 0 && pid != long(getpid()) && kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            fs::remove(entry.path(), ec);
    }
}

void writeAll(int fd, const char* data, std::size_t size, const std::string& path) {
    while (size > 0) {
        const ssize_t n = ::write(fd, data, size);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw IoError(path,
                          std::string("cannot write the scratch file: ") + std::strerror(errno));
        data += n;
        size -= std::size_t(n);
    }
}

void readAll(int fd, char* data, std::size_t size, off_t at, const std::string& path) {
    while (size > 0) {
        const ssize_t n = ::pread(fd, data, size, at);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            throw IoError(path, "cannot read the scratch file back: " +
                                    (n == 0 ? std::string("it is shorter than written")
                                            : std::string(std::strerror(errno))));
        data += n;
        size -= std::size_t(n);
        at += n;
    }
}

}  // namespace

std::string scratchFolder() {
    return (fs::path(userCacheFolder()) / "scratch").string();
}

ScratchRowFile::ScratchRowFile(int64_t maxRows, int64_t columns, double boundBytes,
                               const std::string& what)
    : maxRows_(maxRows), columns_(columns) {
    const double bytes = 4.0 * double(maxRows) * double(columns);
    if (!(bytes <= boundBytes))
        throw MemoryLimitExceeded(what + " needs " + formatBytes(bytes) +
                                  " as a scratch file, more than the cache bound of " +
                                  formatBytes(boundBytes) +
                                  " (--cache-size); use fewer members or samples, or raise "
                                  "--cache-size");
    const fs::path scratch = makeScratchFolder();
    removeOrphans(scratch);
    std::error_code ec;
    const fs::space_info room = fs::space(scratch, ec);
    if (!ec && double(room.available) < bytes)
        throw IoError(scratch.string(), what + " needs " + formatBytes(bytes) +
                                            " as a scratch file here, but its disk has " +
                                            formatBytes(double(room.available)) + " free");
    static std::atomic<long> counter{0};
    const std::string base =
        (scratch / (kPrefix + std::to_string(getpid()) + "-" + std::to_string(counter++) + ".f32"))
            .string();
    path_ = base + ".partial";
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd_ < 0)
        throw IoError(path_, std::string("cannot make the scratch file: ") + std::strerror(errno));
}

ScratchRowFile::~ScratchRowFile() {
    if (fd_ >= 0)
        ::close(fd_);
    if (!path_.empty())
        ::unlink(path_.c_str());
}

void ScratchRowFile::append(const at::Tensor& row) {
    if (finished_ || rows_ >= maxRows_)
        throw InvalidArgument(path_ + ": more rows than the scratch file was made for");
    if (row.numel() != columns_)
        throw ShapeMismatch(path_ + ": a row of " + std::to_string(row.numel()) +
                            " values, the scratch file holds rows of " + std::to_string(columns_));
    const at::Tensor values = row.reshape({-1}).to(at::kFloat).contiguous();
    writeAll(fd_, static_cast<const char*>(values.data_ptr()), std::size_t(values.nbytes()), path_);
    ++rows_;
}

void ScratchRowFile::finish() {
    if (finished_)
        return;
    const std::string complete = path_.substr(0, path_.size() - std::strlen(".partial"));
    if (::rename(path_.c_str(), complete.c_str()) != 0)
        throw IoError(path_,
                      std::string("cannot complete the scratch file: ") + std::strerror(errno));
    path_ = complete;
    finished_ = true;
}

void ScratchRowFile::read(int64_t first, const MemberVisitor& visit,
                          const JobContext& context) const {
    if (!finished_)
        throw InvalidArgument(path_ + ": the scratch file is read before it is complete");
    at::Tensor row = at::empty({columns_}, at::kFloat);
    const std::size_t rowBytes = std::size_t(row.nbytes());
    for (int64_t i = first; i < rows_; ++i) {
        context.checkCancelled();
        readAll(fd_, static_cast<char*>(row.data_ptr()), rowBytes, off_t(i) * off_t(rowBytes),
                path_);
        visit(i, row);
    }
}

}  // namespace modescape::projection
