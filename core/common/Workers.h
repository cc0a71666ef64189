#pragma once
// Our own threads for work that shares the cores by itself: the landscape's
// chunk workers, the randomized PCA's batch workers and sketch kernels. Not
// at::parallel_for, whose OpenMP team spins between regions and would take
// the cycles of the other threads these run beside.

#include <functional>

namespace modescape {

// Runs run() on `workers` threads at once, the calling thread being one of
// them, and returns when all have returned. The first exception thrown is
// rethrown here. Fewer threads run when the system refuses to start more.
void runOnWorkers(int workers, const std::function<void()>& run);

}  // namespace modescape
