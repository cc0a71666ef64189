#pragma once
// What a built-in architecture expects of its weights: every tensor's state-dict
// name, shape, role and PyTorch-default initialisation; checking a parameter
// set against it; and seeded initialisation.

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/TensorInfo.h"
#include "core/model/ParameterSet.h"

namespace modescape::model {

// PyTorch's default initialisation, per tensor.
enum class InitRule {
    Uniform,  // U(-bound, bound): kaiming-uniform(a = sqrt(5)) weights and biases
    Ones,     // BatchNorm / FRN gamma, running_var
    Zeros,    // BatchNorm / FRN beta, FRN tau, running_mean, num_batches_tracked
};

struct TensorSpec {
    io::TensorInfo info;  // F32, or I64 for num_batches_tracked
    TensorRole role = TensorRole::Parameter;
    InitRule init = InitRule::Zeros;
    double bound = 0.0;  // for Uniform
};

// Appends the tensors of PyTorch's layers under their state-dict names.
// Weights and biases of linear / conv layers get bound 1 / sqrt(fan_in), which
// is what kaiming_uniform_(a = sqrt(5)) and PyTorch's bias rule both give.
class SpecBuilder {
  public:
    void linear(const std::string& prefix, std::int64_t in, std::int64_t out, bool bias = true);
    void conv2d(const std::string& prefix, std::int64_t in, std::int64_t out, std::int64_t kernel,
                bool bias);
    // weight, bias, running_mean, running_var, num_batches_tracked.
    void batchNorm(const std::string& prefix, std::int64_t channels);
    // gamma, beta, tau of shape [1, C, 1, 1] (TorchUncertainty's layout).
    void filterResponseNorm(const std::string& prefix, std::int64_t channels);

    std::vector<TensorSpec> take() { return std::move(specs_); }

  private:
    void add(const std::string& name, std::vector<std::int64_t> shape, TensorRole role,
             InitRule init, double bound = 0.0, io::DType dtype = io::DType::F32);
    std::vector<TensorSpec> specs_;
};

// How a parameter set differs from a spec. Shapes are compared element-wise;
// with batched, each tensor must have one extra leading dimension of size k.
struct SpecMatch {
    std::vector<std::string> missing;     // in the spec, not in the set
    std::vector<std::string> unexpected;  // in the set, not in the spec
    std::vector<std::string> wrongShape;  // "name: expected [..], got [..]"
    bool ok() const { return missing.empty() && unexpected.empty() && wrongShape.empty(); }
    // One-line summary naming the first few offenders of each kind.
    std::string describe() const;
};

SpecMatch matchSpec(const std::vector<TensorSpec>& spec, const ParameterSet& set,
                    std::int64_t batchedK = 0);
// The same against a tensor list (a checkpoint set's names and shapes), with
// no tensor data read.
SpecMatch matchSpec(const std::vector<TensorSpec>& spec,
                    const std::vector<io::TensorInfo>& tensors);
// Throws ShapeMismatch with describe() (prefixed by what) when the set does not match.
void requireMatch(const std::vector<TensorSpec>& spec, const ParameterSet& set,
                  const std::string& what, std::int64_t batchedK = 0);

// A fresh weight set with PyTorch's default initialisation, drawn from a CPU
// generator seeded with seed (same seed, same weights), in spec order.
ParameterSet initializeParameters(const std::vector<TensorSpec>& spec, std::uint64_t seed);

}  // namespace modescape::model
