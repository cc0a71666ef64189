#pragma once
// Time left of a job from its progress fraction: one estimator for the
// terminal line and the GUI's job rows, so computations only report fractions.

#include <chrono>
#include <optional>
#include <string>

namespace modescape {

class EtaEstimator {
  public:
    using Clock = std::chrono::steady_clock;
    // Seconds left at `fraction`, extrapolating the rate since the phase
    // began; none until 2 s and 1 % of progress have passed (too noisy
    // before). A fraction that goes back starts a new phase (a job's next step
    // reporting from 0 again).
    std::optional<double> secondsLeft(double fraction, Clock::time_point now = Clock::now());

  private:
    std::optional<Clock::time_point> start_;
    double startFraction_ = 0;
    double lastFraction_ = 0;
};

// "45 s", "3 min 20 s", "2 h 05 min".
std::string formatDuration(double seconds);

}  // namespace modescape
