#pragma once
// What the zip and legacy torch.save readers share: the tensor list and
// metadata found in the pickle, and turning storage bytes plus a
// _rebuild_tensor_v2 view (offset, size, stride) into a contiguous tensor.
// Subclasses only say how to fetch one storage's bytes.

#include <cstdint>
#include <memory>
#include <unordered_map>

#include "core/io/CheckpointFile.h"
#include "core/io/torch/TorchStateDict.h"

namespace modescape::io::torchfile {

// Bytes of one storage; owner keeps them alive.
struct StorageBytes {
    std::shared_ptr<void> owner;
    const std::uint8_t* data = nullptr;
    std::size_t size = 0;
};

class TorchPickleCheckpoint : public CheckpointFile {
  public:
    TorchPickleCheckpoint(std::string path, std::string format, StateDictContents contents);

    const std::string& path() const override { return path_; }
    std::string format() const override { return format_; }
    const std::vector<TensorInfo>& tensors() const override { return infos_; }
    at::Tensor read(const std::string& name) const override;
    std::map<std::string, std::string> metadata() const override { return contents_.metadata; }

  protected:
    // Reads the storage a tensor lives in (at least ref.storageNumel elements
    // for a valid file). Throws FormatError / IoError naming the file.
    virtual StorageBytes readStorage(const pickle::TensorRef& ref) const = 0;

  private:
    std::string path_;
    std::string format_;
    StateDictContents contents_;
    std::vector<TensorInfo> infos_;
    std::unordered_map<std::string, std::size_t> index_;  // name -> position
};

}  // namespace modescape::io::torchfile
