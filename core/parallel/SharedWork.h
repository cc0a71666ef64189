#pragma once
// The one way work is shared over MPI ranks (docs/mpi.md): numbered units
// (grid points, member pairs, members) that any rank can compute alone. Rank 0
// hands the units a chunk at a time (WorkQueue) to any rank that asks,
// computes chunks itself between requests and takes every chunk's results as
// they come; the other ranks compute what they are given and send the results
// back. A rank asks for two chunks at first and then one more with each
// chunk's results, so its next chunk is already there while it computes: a
// slow rank simply asks less often. With one rank (a plain run, or MPI with
// -np 1) rank 0 computes everything itself.
//
// A subcommand supplies what a unit is: `compute` turns units into a payload
// of bytes (its own layout), `take` folds a payload into rank 0's result (and
// commits it). Both run on the main thread only.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"

namespace modescape::parallel {

struct SharedWork {
    // Rank 0: the units to compute, in the order they are handed out, and
    // units per chunk (chunkSizeFor()). Ignored on the other ranks.
    std::vector<std::int64_t> todo;
    std::size_t chunkSize = 1;
    // Progress words: "landscape" and "points" give "landscape: 3 of 35
    // points on 2 ranks".
    std::string task = "work";
    std::string units = "units";
    // This rank's device in words (describeDevice), for the report.
    std::string device;
    // Every rank: the results of `units` as bytes. `job` reports the chunk's
    // own progress as part of the whole job's (on rank 0; silent elsewhere).
    std::function<std::string(const std::vector<std::int64_t>& units, const JobContext& job)>
        compute;
    // Rank 0: the results `rank` computed for `units`.
    std::function<void(int rank, const std::vector<std::int64_t>& units,
                       const std::string& payload)>
        take;
};

// How the work was shared, filled on rank 0 (the --json fields of docs/mpi.md).
struct ShareReport {
    int ranks = 1;
    std::vector<std::int64_t> rankUnits;  // units each rank computed in this run
    std::vector<std::string> devices;     // each rank's "host: device"
    // Rank 0's cost of the sharing: seconds spent answering the other ranks
    // (receiving, committing, sending; not its own units nor the wait for
    // the last results), and the messages and bytes it received.
    double coordinatorSeconds = 0.0;
    std::int64_t messages = 0;
    std::int64_t bytes = 0;
    double seconds = 0.0;  // from the first unit to the last result, on rank 0
    std::int64_t unitsComputed() const;
};

// Shares `work` over every rank; collective (every rank must call it with the
// same kind of work). Throws what compute and take throw, Cancelled when the
// job is cancelled, FormatError for a damaged message.
ShareReport shareWork(const SharedWork& work, const JobContext& job);

// The report of a run that did not share its work: one rank did all `units`.
ShareReport aloneReport(std::int64_t units, const std::string& device, double seconds);

}  // namespace modescape::parallel
