#pragma once
// What a long-running core function receives: a progress reporter, a
// cancellation token and the device to compute on. No Qt types here: the GUI
// adapts these to signals, the CLI to a terminal progress line.

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "core/common/Error.h"

namespace modescape {

// Shared flag; copies observe the same state. Cheap to poll from hot loops.
class CancellationToken {
  public:
    CancellationToken() : flag_(std::make_shared<std::atomic<bool>>(false)) {}
    void cancel() const { flag_->store(true, std::memory_order_relaxed); }
    bool isCancelled() const { return flag_->load(std::memory_order_relaxed); }
    // Throws modescape::Cancelled when cancelled: call between units of work.
    void throwIfCancelled() const {
        if (isCancelled())
            throw Cancelled();
    }

  private:
    std::shared_ptr<std::atomic<bool>> flag_;
};

// Receives (fraction in [0, 1], message). May be called from any thread.
using ProgressCallback = std::function<void(double, const std::string&)>;

// Device kind a job should compute on; the concrete torch::Device is made in core.
enum class DeviceKind { Cpu, Cuda };

struct JobContext {
    ProgressCallback progress = [](double, const std::string&) {};
    CancellationToken cancel;
    DeviceKind device = DeviceKind::Cpu;

    void report(double fraction, const std::string& message) const { progress(fraction, message); }
    void checkCancelled() const { cancel.throwIfCancelled(); }
};

}  // namespace modescape
