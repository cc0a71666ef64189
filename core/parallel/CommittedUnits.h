#pragma once
// A UnitSharing (projection/UnitSharing.h) that commits every finished unit
// to a journal beside the output (UnitJournal.h) and, when the same command
// runs again, takes the committed units from it and computes only the rest
// (docs/mpi.md, "Commits, resume and failures"). It wraps the sharing that
// computes the units: none in a plain run (they are computed here, in
// order), the ranks' under mpirun. Only the collecting process (rank 0)
// reads and writes the journal; the others pass the work through.
//
// The journal is kept under a key made from the command's key (the analysis,
// its result-defining values and the set's fingerprint: session::resultKey)
// and the work's own (UnitWork::key: the member blocks, the products'
// precision, MMD's bandwidths): any other command, set or blocks start
// afresh, with a warning, and never take a unit of another computation. A
// work without a key passes through uncommitted (UnitWork::key).
//
// A computation of rounds (the randomized PCA's passes, each a keyless work
// depending on the pass before) commits each finished round's state instead
// (UnitSharing::lastRound, commitRound): the journal then holds that one
// record, replaced atomically after each round, under the command's key and
// the computation's own.

#include <cstdint>
#include <functional>
#include <string>

#include "core/projection/UnitSharing.h"

namespace modescape::parallel {

// What the journal did in this run, for the command's report.
struct UnitCommits {
    std::int64_t resumed = 0;   // units (or rounds) taken from an interrupted run's journal
    std::int64_t computed = 0;  // units computed (and committed, but a round's) in this run
    bool used = false;          // units or a round's state went through the journal
};

// `journal`: the journal's path on the collecting process, empty on the
// others. `commandKey`: the command's identity. `resumed` (optional) is
// called once per round with the units taken and their words ("block pairs")
// before the rest is computed. `commits` must outlive the sharing.
projection::UnitSharing committingUnits(
    const projection::UnitSharing& inner, const std::string& journal, const std::string& commandKey,
    UnitCommits& commits,
    std::function<void(std::int64_t units, const std::string& words)> resumed = {});

}  // namespace modescape::parallel
