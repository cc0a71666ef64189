#pragma once
// The randomized PCA's input, batch by batch, on several workers at once.
// Each worker reads a batch of consecutive members (the next one not taken)
// straight into its buffer of float32 rows shifted by member 0 (x_i - x_0:
// keeps the digits of members that share a large common part), runs the
// batch's independent work (the rows of Y = X' Z) and then, in member order
// one batch at a time, the work that adds into shared sums (the accumulator
// X'^T Y). Every core thus reads and multiplies: a reader thread beside a
// product thread left one of them waiting for the other, and three threads
// on two cores preempted each other.
//
// The ordered step sees the batches in member order whatever the number of
// workers, so the sums, and the results, have the same bits on any number.

#include <atomic>
#include <cstdint>
#include <functional>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"

namespace modescape::projection {

// Where a pass's time went (seconds, summed over workers and passes): reading
// and decoding members (the source), shifting them into the batch, the
// batch's work (both steps), and waiting for the batch's turn in order.
struct BatchPassTimes {
    double reading = 0;
    double shifting = 0;
    double products = 0;
    double waitForTurn = 0;
};

class ShiftedBatches {
  public:
    // Batches of up to batchRows members of d parameters on `workers` threads
    // (the calling one among them), each with its own batchRows x d buffer.
    ShiftedBatches(int64_t batchRows, int64_t d, int workers);

    // x: `rows` shifted rows of d floats, members [first, first + rows).
    using BatchWork = std::function<void(int64_t first, int64_t rows, const float* x)>;

    // One pass over `source` (the same set every pass: member 0 is read into
    // reference() by the first pass only); each batch gets
    // independent(...) on its worker, then ordered(...) in member order.
    // Exceptions on any worker (IoError, ShapeMismatch naming the member,
    // Cancelled, or thrown by the work) stop every worker and are rethrown here.
    void pass(const MemberRowSource& source, const BatchWork& independent, const BatchWork& ordered,
              const JobContext& context);

    const std::vector<float>& reference() const { return reference_; }
    int64_t batchRows() const { return batchRows_; }
    int workers() const { return int(buffers_.size()); }
    const BatchPassTimes& times() const { return times_; }

  private:
    void readReference(const MemberRowSource& source, const JobContext& context);
    // Members [first, first + rows) shifted into `buffer`; stops (WorkerStopped)
    // at the next member once `stop` is set.
    void readBatch(const MemberRowSource& source, int64_t first, int64_t rows, float* buffer,
                   const std::atomic<bool>& stop, BatchPassTimes& times,
                   const JobContext& context) const;

    int64_t batchRows_, d_;
    std::vector<std::vector<float>> buffers_;
    std::vector<float> reference_;
    bool referenceRead_ = false;
    BatchPassTimes times_;
};

}  // namespace modescape::projection
