#pragma once
// A loss landscape computed by every MPI rank at once: each rank prepares the
// same centre, directions and data (computeLandscape), then rank 0 hands out
// the grid points not computed yet a chunk at a time (WorkQueue) to any rank
// that asks, computes chunks itself between requests, takes the results into
// its result and commits them to the journal beside --out. Only rank 0 holds
// the whole result and writes files. Without MPI (one rank) the same code
// runs with rank 0 alone.

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeCompute.h"

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

struct DistributedReport {
    int ranks = 1;
    std::vector<std::int64_t> rankPoints;  // grid points each rank computed in this run
    std::vector<std::string> devices;      // each rank's "host: device"
    // Rank 0's cost of the sharing: seconds spent answering the other ranks
    // (receiving, committing, sending; not its own points nor the wait for
    // the last results), and the messages and bytes it received.
    double coordinatorSeconds = 0.0;
    std::int64_t messages = 0;
    std::int64_t bytes = 0;
};

// computeLandscape on this rank, its grid points shared over all ranks.
// Rank 0's result ends up complete; the others' results are of no use. The
// report is filled on rank 0. Throws what computeLandscape throws.
DistributedReport computeLandscapeDistributed(evaluation::LoadedSet& set,
                                              landscape::LandscapeResult& result,
                                              const JobContext& job,
                                              const DistributedOptions& options);

}  // namespace modescape::parallel
