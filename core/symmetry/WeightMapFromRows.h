#pragma once
// t-SNE maps of weights straight from the members' rows when each member has
// fewer parameters than the set has members (docs/large-sets.md): the N x D
// points are smaller than the N x N distances, and Euclidean t-SNE of the
// points is t-SNE of those distances.

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/UnitSharing.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::symmetry {

// True when a t-SNE map of Euclidean distances under --map-input auto should
// run on the N x D rows: D < N, the rows (float64) within a quarter of the
// streaming working memory, and the run not shared over processes.
bool mapFromRowsApplies(int64_t members, int64_t parameters, const SetProjectionOptions& options,
                        const projection::UnitSharing& sharing);

// Reads the rows in one pass and fills `result` (coordinates, kl, algorithm,
// notes). Call only where mapFromRowsApplies.
void mapFromRows(const projection::MemberRowSource& source, const SetProjectionOptions& options,
                 const JobContext& context, SetProjection& result);

}  // namespace modescape::symmetry
