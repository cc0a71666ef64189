// A safetensors entry of an archive as a CheckpointFile: the header comes
// from the index; the entry's bytes are read once, on the first read(), and
// every tensor is copied out of them.

#include "core/io/archive/ArchiveMemberFile.h"

// ivalue.h first: LibTorch 1.13's List.h needs IValue complete under clang -std=c++20.
#include <ATen/core/ivalue.h>

#include <ATen/core/Tensor.h>
#include <mutex>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/safetensors/SafetensorsTensorBytes.h"

namespace modescape::io::archive {
namespace {

class ArchiveMemberFile : public CheckpointFile {
  public:
    ArchiveMemberFile(std::shared_ptr<const ArchiveReader> archive, std::size_t entryIndex)
        : archive_(std::move(archive)), entryIndex_(entryIndex) {
        const ArchiveEntry& entry = archive_->entries().at(entryIndex);
        path_ = archive_->path() + "/" + entry.name;
        SafetensorsHeader header =
            parseSafetensorsHeader(entry.head.data(), entry.head.size(), entry.size, path_);
        dataStart_ = header.dataStart;
        metadata_ = std::move(header.metadata);
        for (SafetensorsEntry& tensor : header.entries) {
            tensors_.push_back(std::move(tensor.info));
            ranges_.emplace_back(tensor.begin, tensor.end);
        }
    }

    const std::string& path() const override { return path_; }
    std::string format() const override { return "safetensors"; }
    const std::vector<TensorInfo>& tensors() const override { return tensors_; }
    std::map<std::string, std::string> metadata() const override { return metadata_; }

    at::Tensor read(const std::string& name) const override {
        std::size_t index = 0;
        while (index < tensors_.size() && tensors_[index].name != name)
            ++index;
        if (index == tensors_.size())
            throw InvalidArgument(path_ + ": no tensor named '" + name + "' in this file");
        const auto [begin, end] = ranges_[index];
        const std::string& bytes = entryBytes();
        // The header was validated against the entry's size, so the range fits.
        return tensorFromSafetensorsBytes(tensors_[index], bytes.data() + dataStart_ + begin,
                                          static_cast<std::size_t>(end - begin), path_);
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
    std::string path_;
    std::uint64_t dataStart_ = 0;
    std::vector<TensorInfo> tensors_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges_;
    std::map<std::string, std::string> metadata_;
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
