#pragma once
// Work made of numbered units that other processes may compute (docs/mpi.md):
// the whole-set computations (the Gram blocks of a map, the kernel sums of
// MMD) describe their work as units that turn into bytes and a way to fold
// those bytes into the result, and a UnitSharing says where the units run.
// Without one (a plain run) they run here, in order; under mpirun the
// command passes one that hands them to the ranks (parallel::unitSharing),
// and only rank 0 takes the results.

#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "core/jobs/Progress.h"

namespace modescape::projection {

struct UnitWork {
    std::vector<std::int64_t> units;  // every unit, in the order they are handed out
    std::string task = "work";        // progress words: "Gram blocks: 3 of 10 block pairs"
    std::string unitWords = "units";
    // What the units' results depend on besides the command and the set
    // (the member blocks, the products' precision, MMD's bandwidths): a
    // journal of finished units (parallel/CommittedUnits.h) is resumed only
    // under the same key. Empty: the work is not committed at all. A work
    // that runs several rounds of the same units (the randomized PCA's
    // passes, each depending on the one before) must leave it empty, or a
    // later round would be given an earlier round's results.
    std::string key;
    // Any process: the results of `units` as bytes (the caller's layout).
    std::function<std::string(const std::vector<std::int64_t>& units, const JobContext& job)>
        compute;
    // The collecting process: fold the results of `units` in.
    std::function<void(const std::vector<std::int64_t>& units, const std::string& payload)> take;
};

struct UnitSharing {
    // How many processes share the units (plans size their units by it).
    int processes = 1;
    // Computes every unit (collective: every process calls it with the same
    // kind of work). Returns true on the process that took the results, false
    // on one that only computed for it: its caller stops there, the result is
    // the collector's. With no units it only says which this process is.
    // Empty: compute here (computeUnitsHere).
    std::function<bool(const UnitWork& work, const JobContext& job)> share;

    // Collective, for computations whose units leave partial sums on every
    // process (the randomized PCA's X^T Y): the element-wise sum of every
    // process's `count` values (float64, or float32 when !float64) at the
    // collector's `values`. Empty: nothing to add (one process).
    std::function<void(void* values, std::int64_t count, bool float64)> sumAtCollector;
    // Collective: the collector's `bytes` at `data` copied to every process
    // (what all must agree on: an algorithm chosen, the next sketch).
    std::function<void(void* data, std::int64_t bytes)> broadcast;

    // A computation of rounds that each depend on the one before (the
    // randomized PCA's passes) cannot commit its units (UnitWork::key); it
    // commits what each finished round leaves instead, one record replacing
    // the last (parallel/CommittedUnits.h). Set on the collector of a run
    // with --out only (both or neither); empty elsewhere.
    // The state the last committed round left under `key` (what the rounds
    // depend on besides the command and the set), or round -1 for none;
    // `words` ("randomized PCA passes") name the rounds in the message.
    std::function<std::pair<std::int64_t, std::string>(const std::string& key, std::int64_t rounds,
                                                       const std::string& words)>
        lastRound;
    // Commits `state`, what finished round `round` leaves, under `key`.
    std::function<void(const std::string& key, std::int64_t rounds, std::int64_t round,
                       const std::string& state)>
        commitRound;

    bool shared() const { return static_cast<bool>(share); }
    bool run(const UnitWork& work, const JobContext& job) const;
    // Whether this process collects: true without sharing.
    bool collects(const JobContext& job) const;
};

// Every unit computed and taken here, one at a time, in order.
void computeUnitsHere(const UnitWork& work, const JobContext& job);

// Doubles as bytes in the machine's order, and back (throws FormatError
// naming `what` for a length that is not whole doubles).
std::string doublesAsBytes(const std::vector<double>& values);
std::vector<double> doublesFromBytes(const std::string& bytes, const std::string& what);

}  // namespace modescape::projection
