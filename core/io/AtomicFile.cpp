#include "core/io/AtomicFile.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <exception>
#include <filesystem>
#include <iterator>
#include <random>
#include <streambuf>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/StoppedWriter.h"

namespace modescape::io {
namespace {

std::string errnoText(int error) {
    return std::strerror(error);
}

// A std::streambuf writing to a POSIX file descriptor, so that the very
// descriptor written to can be fsync'ed. Remembers the first write error.
class FdStreamBuf : public std::streambuf {
  public:
    explicit FdStreamBuf(int fd) : fd_(fd) {
        setp(buffer_.data(), buffer_.data() + buffer_.size());
    }
    int error() const { return error_; }

  protected:
    int_type overflow(int_type ch) override {
        if (!flushBuffer())
            return traits_type::eof();
        if (!traits_type::eq_int_type(ch, traits_type::eof())) {
            *pptr() = traits_type::to_char_type(ch);
            pbump(1);
        }
        return traits_type::not_eof(ch);
    }
    std::streamsize xsputn(const char* s, std::streamsize n) override {
        // Large blocks (tensor data) bypass the buffer.
        if (n >= static_cast<std::streamsize>(buffer_.size())) {
            if (!flushBuffer() || !writeAll(s, static_cast<std::size_t>(n)))
                return 0;
            return n;
        }
        return std::streambuf::xsputn(s, n);
    }
    int sync() override { return flushBuffer() ? 0 : -1; }

  private:
    bool flushBuffer() {
        const auto pending = static_cast<std::size_t>(pptr() - pbase());
        if (pending > 0 && !writeAll(pbase(), pending))
            return false;
        setp(buffer_.data(), buffer_.data() + buffer_.size());
        return true;
    }
    bool writeAll(const char* data, std::size_t size) {
        if (error_ != 0)
            return false;
        while (size > 0) {
            const ssize_t written = ::write(fd_, data, size);
            if (written < 0) {
                if (errno == EINTR)
                    continue;
                error_ = errno;
                return false;
            }
            data += written;
            size -= static_cast<std::size_t>(written);
        }
        return true;
    }

    int fd_;
    int error_ = 0;
    std::array<char, 1 << 16> buffer_{};
};

// The temporary files being written, for removeTemporaryFilesInProgress: a
// fixed table of lock-free slots, so that a signal handler can read it. A slot
// is 0 free, 1 being filled, 2 naming a file. A write that finds no free slot
// still works; only a second Ctrl-C during it would leave its file behind.
struct TemporarySlot {
    std::atomic<int> state{0};
    char path[4096];
};
static_assert(std::atomic<int>::is_always_lock_free);
TemporarySlot gTemporaries[64];

int registerTemporary(const std::string& path) {
    if (path.size() >= sizeof(TemporarySlot::path))
        return -1;
    for (int i = 0; i < static_cast<int>(std::size(gTemporaries)); ++i) {
        int expected = 0;
        if (gTemporaries[i].state.compare_exchange_strong(expected, 1)) {
            std::memcpy(gTemporaries[i].path, path.c_str(), path.size() + 1);
            gTemporaries[i].state.store(2);
            return i;
        }
    }
    return -1;
}

void unregisterTemporary(int slot) {
    if (slot >= 0)
        gTemporaries[slot].state.store(0);
}

// Temporary files of this target left by processes that no longer run
// (killed, or stopped by a second Ctrl-C while another write was going on).
void removeStaleTemporaries(const std::filesystem::path& dir, const std::string& prefix) {
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
        std::error_code typeError;
        if (leftByStoppedWriter(entry.path().filename().string(), prefix) &&
            entry.is_regular_file(typeError))
            ::unlink(entry.path().c_str());
    }
}

// The temporary file: "<dir>/.<name>.tmp-<pid>-<n>". Created with O_EXCL and
// mode 0666 so that the umask gives it the permissions any new file gets.
std::pair<std::string, int> createTemporaryBeside(const std::string& path) {
    static std::atomic<unsigned> counter{0};
    const std::filesystem::path target(path);
    const std::filesystem::path dir = target.has_parent_path() ? target.parent_path() : ".";
    removeStaleTemporaries(dir, "." + target.filename().string() + ".tmp-");
    const std::string stem =
        "." + target.filename().string() + ".tmp-" + std::to_string(::getpid()) + "-";
    std::random_device random;
    for (int attempt = 0; attempt < 100; ++attempt) {
        const std::string name =
            (dir / (stem + std::to_string(counter++) + "-" + std::to_string(random() % 100000)))
                .string();
        const int fd = ::open(name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
        if (fd >= 0)
            return {name, fd};
        if (errno == EINTR || errno == EEXIST)
            continue;
        throw IoError(path, "cannot create a temporary file in folder '" + dir.string() + "' (" +
                                errnoText(errno) +
                                "); check that the folder exists and is writable");
    }
    throw IoError(path, "cannot find a free temporary file name in folder '" + dir.string() + "'");
}

// Best effort: makes the rename itself durable. Failure only costs durability
// after a power cut, not correctness, so it is logged and not thrown.
void syncFolderOf(const std::string& path) {
    const std::filesystem::path target(path);
    const std::string dir = target.has_parent_path() ? target.parent_path().string() : ".";
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0 || ::fsync(fd) != 0)
        log::debug(dir + ": could not fsync the folder after a rename");
    if (fd >= 0)
        ::close(fd);
}

}  // namespace

void writeFileAtomically(const std::string& path,
                         const std::function<void(std::ostream&)>& writer) {
    if (path.empty())
        throw InvalidArgument("cannot write a file with an empty path");
    // Plain variables, not a structured binding: lambdas capture them (clang 14).
    auto created = createTemporaryBeside(path);
    const std::string temporary = created.first;
    int fd = created.second;
    const int slot = registerTemporary(temporary);
    // Removes the temporary file on every exit path except success.
    bool committed = false;
    auto cleanup = [&] {
        if (fd >= 0)
            ::close(fd);
        fd = -1;
        if (!committed)
            ::unlink(temporary.c_str());
        unregisterTemporary(slot);
    };
    try {
        FdStreamBuf buffer(fd);
        std::ostream out(&buffer);
        writer(out);
        out.flush();
        if (buffer.error() != 0)
            throw IoError(path, "writing failed (" + errnoText(buffer.error()) +
                                    "); check the free disk space");
        if (!out)
            throw IoError(path, "writing failed (the output stream reported an error)");
        if (::fsync(fd) != 0)
            throw IoError(path, "flushing to disk failed (" + errnoText(errno) +
                                    "); check the free disk space");
        const int closing = ::close(fd);
        fd = -1;
        if (closing != 0)
            throw IoError(path, "closing the file failed (" + errnoText(errno) + ")");
        if (::rename(temporary.c_str(), path.c_str()) != 0)
            throw IoError(path, "cannot replace the file (" + errnoText(errno) +
                                    "); check that it is not a folder and that the folder "
                                    "is writable");
        committed = true;
    } catch (...) {
        cleanup();
        throw;
    }
    cleanup();
    syncFolderOf(path);
}

void removeTemporaryFilesInProgress() noexcept {
    for (auto& slot : gTemporaries)
        if (slot.state.load() == 2)
            ::unlink(slot.path);
}

void writeFileAtomically(const std::string& path, const void* data, std::size_t size) {
    writeFileAtomically(path, [&](std::ostream& out) {
        out.write(static_cast<const char*>(data), static_cast<std::streamsize>(size));
    });
}

void writeFileAtomically(const std::string& path, const std::string& bytes) {
    writeFileAtomically(path, bytes.data(), bytes.size());
}

}  // namespace modescape::io
