#pragma once
// While alive, OpenBLAS computes on the calling thread only (the count before
// is restored afterwards; the setting is the process's). Used where our own
// threads already share the cores, so that threads x BLAS threads never
// exceed them: the landscape's chunk workers (two BLAS threads meeting at
// every small product spent a fifth of the cycles in sched_yield).
// OpenBLAS is looked up where the program runs (Debian's libblas.so.3 is
// OpenBLAS when installed); with another BLAS it does nothing: active() is false.

namespace modescape {

class SingleThreadedBlas {
  public:
    SingleThreadedBlas();
    ~SingleThreadedBlas();
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;
    bool active() const { return previous_ > 0; }

  private:
    int previous_ = 0;
};

}  // namespace modescape
