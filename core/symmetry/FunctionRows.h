#pragma once
// Members as their predictions: the one place where function-space maps
// (`project --space function`) and MMD (`mmd --space function`) get every
// member's probabilities on the first --samples samples of a split, as rows
// of samples x classes values read in storage order.
//
// The rows stay in memory when 4 x members x samples x classes bytes take at
// most a quarter of the working memory (streamingWorkingBytes: the panels,
// tiles and distances of the computation that reads them need the rest).
// Larger ones are spilled member by member to a float32 scratch file in the
// user cache (ScratchRowFile), bounded by the cache bound (--cache-size), and
// the computation streams them back in panels that fit the working memory;
// so peak memory no longer grows with members x samples.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::data {
struct Dataset;
}
namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::symmetry {

struct FunctionRows {
    // One row per kept member: its probabilities [samples, classes], flattened.
    std::unique_ptr<projection::MemberRowSource> rows;
    std::int64_t samples = 0;
    std::int64_t classes = 0;
    // Positions in the set's member list of the kept members (those with
    // finite predictions), in row order.
    std::vector<std::size_t> kept;
    bool spilled = false;  // rows in a scratch file rather than in memory
};

// The rows through the predictions cache. Members with non-finite predictions
// are left out with a warning and a note; throws NonFinitePredictions when
// fewer than 2 are left, MemoryLimitExceeded when the rows fit neither the
// working memory nor the cache bound (with the sizes), Cancelled.
FunctionRows functionRows(evaluation::LoadedSet& set, const FunctionSample& sample,
                          const JobContext& context, std::vector<std::string>& notes);

// The first `samples` samples of the split: the data the rows are predictions on.
data::Dataset functionSampleData(evaluation::LoadedSet& set, const FunctionSample& sample);

// Whether rows of this many bytes are kept in memory (see above).
bool functionRowsFitMemory(double bytes);

// Pairwise distances between the members' predictions: disagreement (share of
// samples whose argmax differs) or mean Jensen-Shannon divergence (nats).
// Panel passes over the rows (never shifted), so only a panel of members is
// held beside the N x N result; Cancel is checked before every member.
Eigen::MatrixXd functionDistances(const FunctionRows& rows, DistanceKind kind,
                                  const JobContext& context);

}  // namespace modescape::symmetry
