#pragma once
// Where projections read members from: one block of parameter columns at a
// time, so the N x D matrix of flattened members never has to be in memory.

#include <cstdint>
#include <functional>
#include <memory>

namespace at {
class Tensor;
}

namespace modescape::projection {

// N members x D parameters, read by column ranges. Implementations may stream
// from disk; every call returns all N members for the requested columns.
class MemberBlockSource {
  public:
    virtual ~MemberBlockSource() = default;
    virtual int64_t memberCount() const = 0;
    virtual int64_t parameterCount() const = 0;
    // The [N, d1 - d0] block of parameters [d0, d1); any floating dtype, any device.
    // May throw IoError / FormatError when the underlying files fail.
    virtual at::Tensor block(int64_t d0, int64_t d1) const = 0;
};

// Fills `out` (row-major [N, d1 - d0] float32) with parameters [d0, d1) of every member.
using FloatBlockReader = std::function<void(int64_t d0, int64_t d1, float* out)>;

// Adapts a plain callback (e.g. pread from a file) to a MemberBlockSource.
class CallbackBlockSource : public MemberBlockSource {
  public:
    CallbackBlockSource(int64_t members, int64_t parameters, FloatBlockReader reader);
    int64_t memberCount() const override { return members_; }
    int64_t parameterCount() const override { return parameters_; }
    at::Tensor block(int64_t d0, int64_t d1) const override;

  private:
    int64_t members_;
    int64_t parameters_;
    FloatBlockReader reader_;
};

// Serves blocks of an in-memory [N, D] tensor (tests, small sets, points for t-SNE).
class TensorBlockSource : public MemberBlockSource {
  public:
    explicit TensorBlockSource(const at::Tensor& members);
    ~TensorBlockSource() override;
    int64_t memberCount() const override;
    int64_t parameterCount() const override;
    at::Tensor block(int64_t d0, int64_t d1) const override;

  private:
    struct Impl;  // holds the tensor; keeps ATen out of this header
    std::unique_ptr<Impl> impl_;
};

}  // namespace modescape::projection
