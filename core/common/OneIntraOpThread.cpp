#include "core/common/OneIntraOpThread.h"

#include <ATen/Parallel.h>
#include <omp.h>

namespace modescape {

// LibTorch's CPU operations split their loops over an OpenMP team of the
// calling thread's size. LibTorch sets that size once per thread, at the
// thread's first parallel operation; asking for the count does it first, so
// that it cannot later undo ours.
OneIntraOpThread::OneIntraOpThread() : previous_(at::get_num_threads()) {
    omp_set_num_threads(1);
}

OneIntraOpThread::~OneIntraOpThread() {
    omp_set_num_threads(previous_);
}

}  // namespace modescape
