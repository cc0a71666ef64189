// The safetensors CheckpointFile. Opening costs one open, one fstat, two small
// preads and a close: no descriptor or mapping stays open, so a set of 10,000
// files costs only the parsed headers. read() maps the bytes of one tensor,
// copies them into a new tensor and unmaps them again. Copying (rather than a
// tensor aliasing the mapping) is deliberate: the tensor then outlives the
// file object and survives the file being replaced on disk (a truncated
// mapping would crash the program with SIGBUS), and every consumer converts
// float16 checkpoints to float32 anyway, which is a copy in any case.

#include "core/io/safetensors/SafetensorsReader.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

// ivalue.h first: LibTorch 1.13's List.h needs IValue complete under clang -std=c++20.
#include <ATen/core/ivalue.h>

#include <ATen/core/Tensor.h>
#include <bit>
#include <cerrno>
#include <cstring>

#include "core/common/Error.h"
#include "core/io/ReadAt.h"
#include "core/io/safetensors/SafetensorsCheckpoint.h"
#include "core/io/safetensors/SafetensorsTensorBytes.h"

namespace modescape::io {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors data is little-endian; big-endian hosts would need byte swapping");

// Closes a descriptor on scope exit.
class FileDescriptor {
  public:
    explicit FileDescriptor(int fd) : fd_(fd) {}
    ~FileDescriptor() {
        if (fd_ >= 0)
            ::close(fd_);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return fd_; }

  private:
    int fd_;
};

FileDescriptor openForReading(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw IoError(path, std::string("cannot open the file (") + std::strerror(errno) + ")");
    return FileDescriptor(fd);
}

std::uint64_t fileSizeOf(const FileDescriptor& fd, const std::string& path) {
    struct stat info {};
    if (::fstat(fd.get(), &info) != 0)
        throw IoError(path, std::string("cannot query the file (") + std::strerror(errno) + ")");
    if (!S_ISREG(info.st_mode))
        throw IoError(path, "is not a regular file");
    return static_cast<std::uint64_t>(info.st_size);
}

// Reads exactly size bytes of the header at offset, or throws.
void readExactly(const FileDescriptor& fd, void* buffer, std::size_t size, std::uint64_t offset,
                 const std::string& path) {
    if (readUpTo(fd.get(), buffer, size, offset, path, "the header") != size)
        throw FormatError(path, "the file ended while its header was being read");
}

// A read-only mapping of [offset, offset + size) of a file, page-aligned.
class MappedRange {
  public:
    MappedRange(const FileDescriptor& fd, std::uint64_t offset, std::size_t size,
                const std::string& path) {
        static const auto kPage = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
        const std::uint64_t alignedOffset = offset - offset % kPage;
        length_ = size + static_cast<std::size_t>(offset - alignedOffset);
        void* base = ::mmap(nullptr, length_, PROT_READ, MAP_PRIVATE, fd.get(),
                            static_cast<off_t>(alignedOffset));
        if (base == MAP_FAILED)
            throw IoError(path,
                          std::string("cannot memory-map the file (") + std::strerror(errno) + ")");
        base_ = base;
        data_ = static_cast<const char*>(base) + (offset - alignedOffset);
    }
    ~MappedRange() { ::munmap(base_, length_); }
    MappedRange(const MappedRange&) = delete;
    MappedRange& operator=(const MappedRange&) = delete;
    const char* data() const { return data_; }

  private:
    void* base_ = nullptr;
    std::size_t length_ = 0;
    const char* data_ = nullptr;
};

class SafetensorsFile : public SafetensorsCheckpoint {
  public:
    SafetensorsFile(std::string path, std::uint64_t fileSize, SafetensorsHeader header)
        : SafetensorsCheckpoint(std::move(path), std::move(header)), fileSize_(fileSize) {}

  protected:
    at::Tensor readTensor(const TensorInfo& info, std::uint64_t offset,
                          std::size_t size) const override {
        if (size == 0)
            return tensorFromSafetensorsBytes(info, nullptr, 0, path());
        const FileDescriptor fd = openForReading(path());
        if (fileSizeOf(fd, path()) != fileSize_)
            throw FormatError(path(), "the file changed size since it was opened; open it again");
        const MappedRange mapping(fd, offset, size, path());
        return tensorFromSafetensorsBytes(info, mapping.data(), size, path());
    }

  private:
    std::uint64_t fileSize_;
};

}  // namespace

std::unique_ptr<CheckpointFile> openSafetensors(const std::string& path) {
    const FileDescriptor fd = openForReading(path);
    const std::uint64_t fileSize = fileSizeOf(fd, path);

    // The length prefix first, then exactly the header it announces (the
    // parser checks that length against the file size before we allocate).
    unsigned char prefix[8] = {};
    const std::size_t prefixSize = fileSize < 8 ? static_cast<std::size_t>(fileSize) : 8;
    readExactly(fd, prefix, prefixSize, 0, path);
    if (fileSize < 8)
        parseSafetensorsHeader(prefix, prefixSize, fileSize, path);  // throws

    std::uint64_t headerSize = 0;
    for (int i = 7; i >= 0; --i)
        headerSize = (headerSize << 8) | prefix[i];
    if (headerSize > kMaxSafetensorsHeaderBytes || headerSize > fileSize - 8)
        parseSafetensorsHeader(prefix, 8, fileSize, path);  // throws with the right message

    std::string bytes(8 + headerSize, '\0');
    std::memcpy(bytes.data(), prefix, 8);
    readExactly(fd, bytes.data() + 8, static_cast<std::size_t>(headerSize), 8, path);
    SafetensorsHeader header = parseSafetensorsHeader(bytes.data(), bytes.size(), fileSize, path);
    return std::make_unique<SafetensorsFile>(path, fileSize, std::move(header));
}

}  // namespace modescape::io
