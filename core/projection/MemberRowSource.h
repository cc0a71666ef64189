#pragma once
// Members read one at a time, in the set's storage order: the way a set in an
// archive can be read without decompressing it again and again. Whole-set
// computations (the streamed Gram, distances, randomized PCA) take their input
// from here, so that at most a bounded panel of members is ever in memory.

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "core/jobs/Progress.h"

namespace at {
class Tensor;
}

namespace modescape::projection {

// Receives member `index` as a float32 CPU vector of parameterCount() values;
// the tensor is only valid during the call.
using MemberVisitor = std::function<void(int64_t index, const at::Tensor& row)>;
// Receives member `index` as float32 CPU vectors whose concatenation is the
// row (a checkpoint's tensors as read, not copied into one); valid during the call.
using MemberPiecesVisitor =
    std::function<void(int64_t index, const std::vector<at::Tensor>& pieces)>;

class MemberRowSource {
  public:
    virtual ~MemberRowSource() = default;
    virtual int64_t memberCount() const = 0;
    virtual int64_t parameterCount() const = 0;
    // One pass: visits members first, first + 1, ..., memberCount() - 1 in
    // order. Checks cancellation before each member; may throw what reading
    // throws (IoError, FormatError, ShapeMismatch).
    virtual void read(int64_t first, const MemberVisitor& visit,
                      const JobContext& context) const = 0;
    // The same pass, each row in pieces: a source whose members hold several
    // tensors hands them over without concatenating them (one copy of every
    // member less for the randomized PCA). By default one piece, read()'s row.
    virtual void readPieces(int64_t first, const MemberPiecesVisitor& visit,
                            const JobContext& context) const;
};

// The memory a streamed whole-set computation plans for: 1.4 GiB, or less
// when the machine, the cgroup or the --memory budget allow less. With the
// member being read (~0.1 GB for ResNet-18) and the program itself (~0.3 GB)
// the process stays under 2 GB whatever the member count.
double streamingWorkingBytes();

// Rows of an in-memory [N, D] tensor (tests, small sets).
class TensorRowSource : public MemberRowSource {
  public:
    explicit TensorRowSource(const at::Tensor& rows);
    ~TensorRowSource() override;
    int64_t memberCount() const override;
    int64_t parameterCount() const override;
    void read(int64_t first, const MemberVisitor& visit, const JobContext& context) const override;

  private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace modescape::projection
