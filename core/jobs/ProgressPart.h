#pragma once
// A share of a job's progress for one step of it: a member's forward inside a
// pass over the members reports 0 .. 1 of its own, and the job's fraction must
// move from i / n to (i + 1) / n meanwhile instead of jumping back to 0 (the
// time left, core/jobs/Eta.h, starts over when a fraction goes back).

#include <string>

#include "core/jobs/Progress.h"

namespace modescape {

// `outer` with its progress [0, 1] mapped into [from, to]; the same
// cancellation token and device. Keeps a copy of outer's callback, so the
// result may outlive `outer` itself.
inline JobContext progressPart(const JobContext& outer, double from, double to) {
    JobContext part = outer;
    part.progress = [progress = outer.progress, from, to](double fraction,
                                                          const std::string& message) {
        progress(from + (to - from) * fraction, message);
    };
    return part;
}

}  // namespace modescape
