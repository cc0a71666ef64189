#pragma once
// A loss landscape computed by every MPI rank at once: each rank prepares the
// same centre, directions and data (computeLandscape), then the grid points
// not computed yet are shared over the ranks (SharedWork.h); rank 0 takes the
// results into its result and commits them to the journal beside --out. Only
// rank 0 holds the whole result and writes files. Without MPI (one rank) the
// same code runs with rank 0 alone.

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeCompute.h"
#include "core/parallel/SharedWork.h"

namespace modescape::parallel {

struct DistributedOptions {
    // The journal's path (rank 0): points are appended there as they come;
    // empty: no journal.
    std::string journal;
    // Called on rank 0 once the result's centre and inputs are known, before
    // the first grid point: write the surface file there so that a journal
    // always has a file to extend.
    std::function<void(const landscape::LandscapeResult&)> beforeGrid;
};

// rankUnits counts grid points.
using DistributedReport = ShareReport;

// computeLandscape on this rank, its grid points shared over all ranks.
// Rank 0's result ends up complete; the others' results are of no use. The
// report is filled on rank 0. Throws what computeLandscape throws.
DistributedReport computeLandscapeDistributed(evaluation::LoadedSet& set,
                                              landscape::LandscapeResult& result,
                                              const JobContext& job,
                                              const DistributedOptions& options);

}  // namespace modescape::parallel
