#pragma once
// t-SNE and MDS maps of weights from the members' top principal components,
// for sets past the reach of the N x N distances (docs/large-sets.md).

#include "core/jobs/Progress.h"
#include "core/projection/MemberRowSource.h"
#include "core/projection/UnitSharing.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::symmetry {

// Fills `result` (coordinates, kl, algorithm, notes) and returns true when
// options.mapInput and the set's size call for principal coordinates; returns
// false, untouched, when the map should use the full distances. Under a
// shared run (UnitSharing.h) only the collecting process computes it; the
// others return true with nothing filled in. Cosine
// distances are not those of principal coordinates: forcing Pca with them is
// an InvalidArgument, and Auto keeps the full distances.
bool mapFromPcaCoordinates(const projection::MemberRowSource& source,
                           const SetProjectionOptions& options, const JobContext& context,
                           SetProjection& result, const projection::UnitSharing& sharing = {});

}  // namespace modescape::symmetry
