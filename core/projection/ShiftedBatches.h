#pragma once
// The randomized PCA's input, batch by batch: a reader thread reads members
// in storage order and writes each straight into a batch of float32 rows
// shifted by member 0 (x_i - x_0: keeps the digits of members that share a
// large common part), while the calling thread multiplies the batch before.
// Two batches are in flight, so the products never wait for a member to be
// read, and a member's bytes are touched once after reading (the shift), not
// copied into a row, a prefetched row and then the batch.

#include <cstdint>
#include <functional>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"

namespace modescape::projection {

// Where a pass's time went (seconds, summed over passes): the calling thread
// waiting for a batch, and multiplying; the reader reading and decoding
// members (the source), shifting them into the batch, and waiting for a free
// batch.
struct BatchPassTimes {
    double waitForBatch = 0;
    double products = 0;
    double reading = 0;
    double shifting = 0;
    double waitForSlot = 0;
};

class ShiftedBatches {
  public:
    // Two buffers of batchRows x d floats, kept across passes.
    ShiftedBatches(int64_t batchRows, int64_t d);

    // One pass over `source` from member 0: multiply(first, rows, x) gets
    // members [first, first + rows) as rows x d row-major x_i - x_0, in order.
    // Member 0 becomes reference() (so its row is zero). overlap = false
    // reads and multiplies on the calling thread in turn (the same batches,
    // the same bits). Exceptions from either side (IoError, ShapeMismatch
    // naming the member, Cancelled) stop both and are rethrown here.
    void pass(const MemberRowSource& source,
              const std::function<void(int64_t first, int64_t rows, const float* x)>& multiply,
              const JobContext& context, bool overlap = true);

    const std::vector<float>& reference() const { return reference_; }
    int64_t batchRows() const { return batchRows_; }
    const BatchPassTimes& times() const { return times_; }

  private:
    int64_t batchRows_, d_;
    std::vector<float> buffers_[2];
    std::vector<float> reference_;
    BatchPassTimes times_;
};

}  // namespace modescape::projection
