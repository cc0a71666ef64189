#pragma once
// Reading overlapped with computing: a reader thread produces item k + 1
// (reads a block from disk, converts it) while the calling thread consumes
// item k (the BLAS products). `slots` buffers are in flight at most (2:
// double buffering), so memory stays bounded whatever the item count.

#include <cstdint>
#include <functional>

#include "core/jobs/Progress.h"

namespace modescape::projection {

// produce(k, slot) fills buffer `slot` with item k; consume(k, slot) uses it.
// Items are produced and consumed in order k = 0 .. count - 1, item k in slot
// k % slots. overlap = false runs both on the calling thread, one after the
// other (the same results, for tests and single-core machines). An exception
// from either side (IoError, Cancelled, ...) stops both and is rethrown here
// after the reader has finished; cancellation is checked before each item.
void runPipelined(int64_t count, int slots, const std::function<void(int64_t, int)>& produce,
                  const std::function<void(int64_t, int)>& consume, const JobContext& context,
                  bool overlap = true);

}  // namespace modescape::projection
