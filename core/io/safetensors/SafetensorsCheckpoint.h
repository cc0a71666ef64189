#pragma once
// What every safetensors CheckpointFile shares, wherever its bytes live (a
// file on disk, an entry of an archive): the tensor table of a validated
// header and the lookup of one tensor's byte range. Subclasses only say how
// to read a range of the data region.

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/io/CheckpointFile.h"
#include "core/io/safetensors/SafetensorsReader.h"

namespace modescape::io {

class SafetensorsCheckpoint : public CheckpointFile {
  public:
    SafetensorsCheckpoint(std::string path, SafetensorsHeader header);

    const std::string& path() const override { return path_; }
    std::string format() const override { return "safetensors"; }
    const std::vector<TensorInfo>& tensors() const override { return tensors_; }
    std::map<std::string, std::string> metadata() const override { return metadata_; }
    // Throws InvalidArgument for an unknown name; what readTensor throws.
    at::Tensor read(const std::string& name) const final;

  protected:
    // The tensor whose size bytes start at offset (from the start of the
    // file or entry; the header guarantees the range lies inside it).
    virtual at::Tensor readTensor(const TensorInfo& info, std::uint64_t offset,
                                  std::size_t size) const = 0;

  private:
    std::string path_;
    std::uint64_t dataStart_;
    std::vector<TensorInfo> tensors_;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> ranges_;  // in the data region
    std::map<std::string, std::string> metadata_;
};

}  // namespace modescape::io
