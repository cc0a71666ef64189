#pragma once
// projectSet and mmdOfSet (SetProjection.h) with their whole-set sums shared
// over processes (projection/UnitSharing.h; `project` and `mmd` under
// mpirun, docs/mpi.md). Every process calls them with the same arguments:
// - the weight-space Gram of a map (exact PCA, t-SNE and MDS of the full
//   distances) is computed in block pairs by every process (SharedGram.h);
// - the weight-space MMD kernel sums likewise (sharedMmdTable);
// and only the collecting process goes on to the map or table and returns
// it; the others return an empty result at once. What is not shared (the
// randomized PCA, principal-coordinate maps, function space, whose forward
// passes the command shares before through the predictions cache) the
// collector computes alone while the others return.

#include <optional>

#include "core/projection/UnitSharing.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::symmetry {

SetProjection projectSet(evaluation::LoadedSet& set, const SetProjectionOptions& options,
                         const JobContext& context, const projection::UnitSharing& sharing);

SetMmd mmdOfSet(evaluation::LoadedSet& set, const SpaceOptions& space,
                const projection::MmdOptions& options, const JobContext& context,
                const std::optional<FunctionSample>& functions,
                const projection::UnitSharing& sharing);

}  // namespace modescape::symmetry
