#pragma once
// A network's weights as PyTorch names them: an ordered list of named tensors,
// each a parameter (trained) or a buffer (BatchNorm running statistics ...).
// The names are the state-dict keys ("layer1.0.bn1.running_mean"), so a state
// dict loads with no renaming and any tensor expression (w0 + a * d) can stand
// in for a weight. "Batched" sets hold K weight sets at once: every tensor has
// a leading K dimension.

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/io/TensorInfo.h"

namespace modescape::io {
class CheckpointFile;
}

namespace modescape::model {

enum class TensorRole { Parameter, Buffer };

// True for the names PyTorch registers as buffers: BatchNorm's running_mean,
// running_var and num_batches_tracked.
bool isBufferName(const std::string& name);

class ParameterSet {
  public:
    struct Entry {
        std::string name;
        at::Tensor tensor;
        TensorRole role = TensorRole::Parameter;
    };

    ParameterSet() = default;

    // Adds a tensor (role from its name when not given). Throws InvalidArgument
    // when the name is already present.
    void add(const std::string& name, const at::Tensor& tensor);
    void add(const std::string& name, const at::Tensor& tensor, TensorRole role);
    // Replaces the tensor of an existing name. Throws InvalidArgument when absent.
    void set(const std::string& name, const at::Tensor& tensor);

    bool contains(const std::string& name) const;
    // Throws InvalidArgument naming the missing tensor.
    const at::Tensor& at(const std::string& name) const;
    // The tensor, or an undefined tensor when absent (optional biases).
    at::Tensor find(const std::string& name) const;

    const std::vector<Entry>& entries() const { return entries_; }
    std::size_t size() const { return entries_.size(); }
    bool empty() const { return entries_.empty(); }
    std::vector<std::string> names() const;

    // Parameters only / buffers only, in order.
    ParameterSet parameters() const;
    ParameterSet buffers() const;

    // Total element count (of every tensor).
    std::int64_t numel() const;

    // Every tensor converted (copied when needed) to the given options; clone()
    // gives independent storage, so in-place updates of the copy never reach
    // the original.
    ParameterSet to(const at::TensorOptions& options) const;
    ParameterSet to(at::ScalarType floatType) const;  // float tensors only
    ParameterSet clone() const;

    // All tensors of the given roles flattened and concatenated in order, as
    // float32 (integer buffers such as num_batches_tracked are skipped when
    // floatOnly). unflatten is the inverse against this set's shapes and roles.
    at::Tensor flatten(bool includeBuffers = false, bool floatOnly = true) const;
    ParameterSet unflatten(const at::Tensor& flat, bool includeBuffers = false,
                           bool floatOnly = true) const;

    // Stacks K sets with identical names and shapes into one batched set
    // (each tensor gets a leading K dimension). Throws ShapeMismatch.
    static ParameterSet stack(const std::vector<ParameterSet>& sets);
    // Weight set k of a batched set.
    ParameterSet select(std::int64_t k) const;

    // Reads every tensor of a checkpoint (roles from names).
    static ParameterSet fromCheckpoint(const io::CheckpointFile& file);

    // Names, dtypes and shapes (the dtype of each tensor as stored).
    std::vector<io::TensorInfo> infos() const;

  private:
    std::vector<Entry> entries_;
    std::unordered_map<std::string, std::size_t> index_;
};

}  // namespace modescape::model
