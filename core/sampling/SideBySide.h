#pragma once
// Independent training runs side by side, one per core, each with a single
// LibTorch intra-op thread. A small network's ops on a batch of 128 are too
// short to share between cores: two OpenMP threads spend most of their time
// waiting for each other (spinning, and on a busy machine waiting for a core),
// while two members trained side by side keep both cores on arithmetic. A
// task's numbers depend only on its own seeds and on running single-threaded,
// so neither the order the tasks run in nor the number of workers changes a
// member (`modescape make-set fashion-lenet`, docs/make-set.md).

#include <functional>
#include <vector>

#include "core/jobs/Progress.h"

namespace modescape::sampling {

// Runs `tasks` on `workers` threads, each task once. Progress counts the
// reports of all tasks together (one per epoch: totalEpochs of them) into
// [from, to] of `context`. The first exception is rethrown once every worker
// has stopped; after one, no further task starts. No other thread's LibTorch
// thread count changes (OneIntraOpThread).
void runSideBySide(const std::vector<std::function<void(const JobContext&)>>& tasks, int workers,
                   int totalEpochs, const JobContext& context, double from, double to);

// One worker per core, at most one per task.
int sideBySideWorkers(int tasks);

}  // namespace modescape::sampling
