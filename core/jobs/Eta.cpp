#include "core/jobs/Eta.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace modescape {

std::optional<double> EtaEstimator::secondsLeft(double fraction, Clock::time_point now) {
    if (!start_ || fraction + 1e-9 < lastFraction_) {
        start_ = now;
        startFraction_ = fraction;
    }
    lastFraction_ = fraction;
    const double elapsed = std::chrono::duration<double>(now - *start_).count();
    const double done = fraction - startFraction_;
    if (elapsed < 2.0 || done < 0.01 || fraction >= 1.0)
        return std::nullopt;
    return elapsed * (1.0 - fraction) / done;
}

std::string formatDuration(double seconds) {
    const long long s = std::llround(std::max(0.0, seconds));
    char text[48];
    if (s < 60)
        std::snprintf(text, sizeof text, "%lld s", s);
    else if (s < 3600)
        std::snprintf(text, sizeof text, "%lld min %02lld s", s / 60, s % 60);
    else
        std::snprintf(text, sizeof text, "%lld h %02lld min", s / 3600, (s % 3600) / 60);
    return text;
}

}  // namespace modescape
