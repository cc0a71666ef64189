#pragma once
// NaN / Inf weights: a separate job from opening a set, because it reads every
// tensor (opening reads headers only).

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/set/CheckpointSet.h"
#include "core/jobs/Progress.h"

namespace modescape::io {

struct NonFiniteTensor {
    std::string tensor;
    std::int64_t count = 0;  // NaN, +Inf and -Inf elements
};

struct NonFiniteReport {
    std::string member;
    std::vector<NonFiniteTensor> tensors;  // only tensors with at least one non-finite value
    std::int64_t total() const;
};

struct NonFiniteScan {
    std::vector<NonFiniteReport> reports;  // one per scanned member, in set order
    std::vector<std::string> warnings;     // members that could not be read
    // The reports with at least one non-finite value.
    std::vector<const NonFiniteReport*> affected() const;
};

// Reads every floating-point tensor of the named members (all members when
// members is empty) and counts its non-finite values. A member that cannot
// be read gets a warning, not an exception. Throws InvalidArgument for a name
// that is not a member, Cancelled when cancelled (checked per tensor).
NonFiniteScan scanNonFinite(const CheckpointSet& set, const JobContext& context,
                            const std::vector<std::string>& members = {});

}  // namespace modescape::io
