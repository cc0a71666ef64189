#include "core/io/safetensors/SafetensorsCheckpoint.h"

// ivalue.h first: LibTorch 1.13's List.h needs IValue complete under clang -std=c++20.
#include <ATen/core/ivalue.h>

#include <ATen/core/Tensor.h>

#include "core/common/Error.h"

namespace modescape::io {

SafetensorsCheckpoint::SafetensorsCheckpoint(std::string path, SafetensorsHeader header)
    : path_(std::move(path)), dataStart_(header.dataStart), metadata_(std::move(header.metadata)) {
    tensors_.reserve(header.entries.size());
    ranges_.reserve(header.entries.size());
    for (SafetensorsEntry& entry : header.entries) {
        tensors_.push_back(std::move(entry.info));
        ranges_.emplace_back(entry.begin, entry.end);
    }
}

at::Tensor SafetensorsCheckpoint::read(const std::string& name) const {
    // A linear search: a few hundred names at most, and no index to keep in
    // memory for each of thousands of open members.
    std::size_t index = 0;
    while (index < tensors_.size() && tensors_[index].name != name)
        ++index;
    if (index == tensors_.size())
        throw InvalidArgument(path_ + ": no tensor named '" + name + "' in this file");
    const auto [begin, end] = ranges_[index];
    return readTensor(tensors_[index], dataStart_ + begin, static_cast<std::size_t>(end - begin));
}

}  // namespace modescape::io
