#pragma once
// The group x group MMD table of a set whose members are read in storage
// order, without any N x N matrix: the pairwise distances are formed tile by
// tile inside the panel passes and go straight into the kernel sums (for each
// group pair and each kernel and bandwidth: within a, within b, across), so
// memory is the panel, one tile and G^2 x 20 sums, whatever N is.
//
// The numbers are mmdTable's on the full distance tables: the same bandwidth
// rule on the same evenly spaced subsets (their distances come from a first
// round of panel passes over just those members), the same unbiased
// estimator. Only the order of the additions differs.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/Mmd.h"
#include "core/projection/UnitSharing.h"

namespace modescape::projection {

// What the streamed computation held and did, for the output and the tests.
struct StreamedMmdStats {
    int64_t bandwidthMembers = 0;  // members whose pairwise distances choose the bandwidths
    int64_t bandwidthPasses = 0;   // panel passes for those distances
    int64_t passes = 0;            // panel passes for the kernel sums
    int64_t largestTile = 0;       // most pairwise entries held at once by the kernel sums
    int64_t tiles = 0;
    int64_t blockPairs = 0;  // units of a shared run (sharedMmdTable), 0 otherwise
    int processes = 1;       // the processes those units were shared over
};

struct StreamedMmdOptions {
    int64_t tileRows = 256;    // tiles of at most tileRows x tileRows pairs
    int64_t maxPanelRows = 0;  // > 0 caps the panel (tests: several passes on a small set)
};

// groupOfMember[i] names member i's group (groups in order of first
// appearance, as mmdTable). Throws ShapeMismatch for a label count that is not
// the member count, InvalidArgument for a group of fewer than two members,
// MemoryLimitExceeded when not even one member fits beside the tiles and the
// bandwidth members' distances, Cancelled between members and chunks.
MmdTable streamedMmdTable(const MemberRowSource& source,
                          const std::vector<std::string>& groupOfMember, const MmdOptions& options,
                          const JobContext& context, const StreamedMmdOptions& streaming = {},
                          StreamedMmdStats* stats = nullptr);

// The same table from block-pair units (MemberBlockPairs.h) that `sharing`
// hands to any process: each unit's kernel sums, added up by the collector
// (so the same sums in another order). Every process chooses the bandwidths
// itself (the same subsets, the same numbers). nullopt on a process that only
// computed units. Throws as streamedMmdTable.
std::optional<MmdTable> sharedMmdTable(const MemberRowSource& source,
                                       const std::vector<std::string>& groupOfMember,
                                       const MmdOptions& options, const UnitSharing& sharing,
                                       const JobContext& context,
                                       const StreamedMmdOptions& streaming = {},
                                       StreamedMmdStats* stats = nullptr);

// "streamed (3 passes over the members, bandwidths from 500 members in 1 pass)"
std::string describeStreamedMmd(const StreamedMmdStats& stats);

}  // namespace modescape::projection
