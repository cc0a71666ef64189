#pragma once
// The archive file itself, opened read-only: a descriptor closed on scope
// exit, exact positional reads, and the identity (size, mtime) an index is
// keyed by. Nothing here ever writes to the archive.

#include <cstddef>
#include <cstdint>
#include <string>

namespace modescape::io::archive {

struct FileIdentity {
    std::uint64_t size = 0;
    std::int64_t mtimeNs = 0;
    bool operator==(const FileIdentity&) const = default;
};

class ArchiveFile {
  public:
    // Throws IoError naming path when it cannot be opened or is not a regular file.
    explicit ArchiveFile(const std::string& path);
    ~ArchiveFile();
    ArchiveFile(const ArchiveFile&) = delete;
    ArchiveFile& operator=(const ArchiveFile&) = delete;

    int fd() const { return fd_; }
    const std::string& path() const { return path_; }
    const FileIdentity& identity() const { return identity_; }

    // Up to size bytes at offset; fewer only at the end of the file.
    std::size_t readAt(void* buffer, std::size_t size, std::uint64_t offset) const;
    // Exactly size bytes at offset, or FormatError "the archive ends early".
    void readExactlyAt(void* buffer, std::size_t size, std::uint64_t offset,
                       const std::string& what) const;

  private:
    std::string path_;
    int fd_ = -1;
    FileIdentity identity_;
};

// The identity of path now (IoError when it cannot be queried).
FileIdentity fileIdentityOf(const std::string& path);

}  // namespace modescape::io::archive
