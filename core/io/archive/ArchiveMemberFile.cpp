// A safetensors entry of an archive as a CheckpointFile: the header comes
// from the index; the entry's bytes are read once, on the first read(), and
// every tensor is copied out of them.

#include "core/io/archive/ArchiveMemberFile.h"

// ivalue.h first: LibTorch 1.13's List.h needs IValue complete under clang -std=c++20.
#include <ATen/core/ivalue.h>

#include <ATen/core/Tensor.h>
#include <mutex>
#include <optional>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsCheckpoint.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/safetensors/SafetensorsTensorBytes.h"

namespace modescape::io::archive {
namespace {

SafetensorsHeader entryHeader(const ArchiveReader& archive, std::size_t entryIndex) {
    const ArchiveEntry& entry = archive.entries().at(entryIndex);
    return parseSafetensorsHeader(entry.head.data(), entry.head.size(), entry.size,
                                  archive.path() + "/" + entry.name);
}

class ArchiveMemberFile : public SafetensorsCheckpoint {
  public:
    ArchiveMemberFile(std::shared_ptr<const ArchiveReader> archive, std::size_t entryIndex)
        : SafetensorsCheckpoint(archive->path() + "/" + archive->entries().at(entryIndex).name,
                                entryHeader(*archive, entryIndex)),
          archive_(std::move(archive)),
          entryIndex_(entryIndex) {}

  protected:
    at::Tensor readTensor(const TensorInfo& info, std::uint64_t offset,
                          std::size_t size) const override {
        // The header was validated against the entry's size, so the range fits.
        return tensorFromSafetensorsBytes(info, entryBytes().data() + offset, size, path());
    }

  private:
    const std::string& entryBytes() const {
        const std::lock_guard<std::mutex> lock(mutex_);
        if (!bytes_)
            bytes_ = archive_->readEntry(entryIndex_);
        return *bytes_;
    }

    std::shared_ptr<const ArchiveReader> archive_;
    std::size_t entryIndex_;
    mutable std::mutex mutex_;
    mutable std::optional<std::string> bytes_;
};

}  // namespace

std::unique_ptr<CheckpointFile> openArchiveMember(std::shared_ptr<const ArchiveReader> archive,
                                                  std::size_t entryIndex) {
    if (!archive || entryIndex >= archive->entries().size())
        throw InvalidArgument("no such archive entry");
    return std::make_unique<ArchiveMemberFile>(std::move(archive), entryIndex);
}

}  // namespace modescape::io::archive
