#pragma once
// The pairwise mutual information of every member of a MemberPredictionSource
// by panel passes: pass t holds the members [tP, (t + 1)P) (the panel) and
// meets every later member once, one at a time, so each pair is computed once
// and at most P + 1 members are in memory. P is what the working memory leaves
// next to the M(M - 1)/2 results; passes = ceil(M / P), one when the set fits.
// The values equal pairwiseMutualInformation() on a cache of the same members.

#include <cstdint>
#include <optional>

#include "core/calibration/Diversity.h"
#include "core/calibration/MemberPredictionSource.h"
#include "core/jobs/Progress.h"

namespace modescape::calibration {

struct StreamedPairs {
    PairwiseMutualInformation inside;
    std::optional<PairwiseMutualInformation> outside;  // when the members have OOD predictions
    std::int64_t panel = 0;                            // P
    std::int64_t passes = 0;
};

// maxPanel > 0 caps P (tests). Throws MemoryLimitExceeded, naming the sizes,
// when the results and two members do not fit workingBytes; Cancelled.
StreamedPairs streamedPairwiseMutualInformation(const MemberPredictionSource& source,
                                                double workingBytes, std::int64_t maxPanel,
                                                const JobContext& context);

}  // namespace modescape::calibration
