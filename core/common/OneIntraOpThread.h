#pragma once
// While alive, the LibTorch operations called on this thread run on this
// thread alone; the count before is put back afterwards. Unlike
// at::set_num_threads, which also sets the count every thread started later
// begins with, it changes nothing for other threads: for workers that share
// the cores by themselves (side-by-side forwards and training runs).

namespace modescape {

class OneIntraOpThread {
  public:
    OneIntraOpThread();
    ~OneIntraOpThread();
    OneIntraOpThread(const OneIntraOpThread&) = delete;
    OneIntraOpThread& operator=(const OneIntraOpThread&) = delete;

  private:
    int previous_;
};

}  // namespace modescape
