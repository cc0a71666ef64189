#pragma once
// Pairwise loss barriers of a selection of members (linear paths, or linear
// after weight-matching the second member to the first) and their basins:
// members joined, directly or through others, by barriers below a threshold
// (connected components). Plain data out; the job behind
// `modescape connect SET --matrix`.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/connectivity/PathSettings.h"
#include "core/jobs/Progress.h"

namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::connectivity {

struct BarrierMatrixSettings {
    std::vector<std::string> members;  // empty: every member of the set
    bool aligned = false;              // weight-match j to i before each path
    double threshold = 0.1;            // basins: barrier (nats) strictly below joins
    int points = 61;                   // points per path (training split only)
    std::int64_t evaluationBatchSize = 1024;
    std::int64_t batchNormSamples = 10000;
    std::uint64_t matchingSeed = 0;
    // The pairs to compute, as indices k of pairAt() over the members above
    // (after `members` is resolved); empty = every pair. The others stay NaN,
    // and mergeBarrierMatrices() folds such parts into a whole.
    std::vector<std::int64_t> pairs;
};

struct BarrierMatrix {
    std::vector<std::string> members;
    PathKind kind = PathKind::Linear;  // Linear or Aligned
    // n x n, row-major, symmetric, zero diagonal: the training-loss barriers
    // (interpolated and endpoint-mean definitions, PathResult.h) of the path
    // from member i to member j, computed once for i < j (j aligned to i).
    std::vector<double> interpolated;
    std::vector<double> endpointMean;
    std::vector<double> memberLoss;  // training loss of each member
    // The split whose loss the barriers are: always the training split (the
    // basins are those of the training objective); figures name it.
    std::string split = "train";
    double threshold = 0.1;
    std::vector<int> basin;  // per member; numbered 0, 1, ... in member order
    int basinCount = 0;
    double seconds = 0.0;

    std::size_t size() const { return members.size(); }
    double barrier(std::size_t i, std::size_t j) const { return interpolated[i * size() + j]; }
};

// Connected components of the graph joining i and j when barriers[i n + j] <
// threshold (NaN never joins). Returns one basin index per node, numbered in
// order of first appearance; basinCount receives their number.
std::vector<int> basinsBelow(const std::vector<double>& barriers, std::size_t n, double threshold,
                             int& basinCount);

// n (n - 1) / 2: the independent units of a matrix of n members.
std::int64_t pairCount(std::size_t n);
// Pair k = 0 .. pairCount(n) - 1 in row order: (0, 1), (0, 2), ..., (1, 2), ...
// Throws InvalidArgument for k out of range.
std::pair<std::size_t, std::size_t> pairAt(std::int64_t k, std::size_t n);

// Adds the pairs `part` computed and `whole` lacks (NaN) to `whole`, and the
// member losses it lacks, adds the seconds, then recomputes the basins. The
// members must be the same (an empty whole takes the part). Throws
// InvalidArgument otherwise.
void mergeBarrierMatrices(BarrierMatrix& whole, const BarrierMatrix& part);

// Called after each pair with the matrix so far (unfinished pairs NaN).
using BarrierPairCallback =
    std::function<void(const BarrierMatrix& partial, std::size_t i, std::size_t j)>;

// Throws InvalidArgument for fewer than 2 members, an unknown or repeated
// member, points < 2, a set without a training split, or aligned paths on a
// model without a symmetry spec; Cancelled between points. `earlier`, a
// matrix of the same members and paths (a cancelled run's), is continued:
// the pairs it holds are kept, not computed again (InvalidArgument when its
// members or paths differ).
BarrierMatrix computeBarrierMatrix(evaluation::LoadedSet& set,
                                   const BarrierMatrixSettings& settings, const JobContext& job,
                                   const BarrierPairCallback& onPair = {},
                                   const BarrierMatrix* earlier = nullptr);

}  // namespace modescape::connectivity
