#pragma once
// The randomized PCA (RandomizedPca.h) with each pass shared over processes
// (UnitSharing.h; `project` under mpirun, docs/mpi.md). The units are blocks
// of consecutive members: a process reads its blocks, computes their rows of
// Y = X0 Z (sent to the collector) and keeps its part of X0^T Y and, in the
// first pass, of the column sums, which sumAtCollector adds up after the
// pass; the collector orthonormalises Y and broadcasts the next Z. Every
// process calls it with the same arguments; it returns nullopt on those that
// only computed. The same products of the same rows as one process, summed
// in another order. With a sharing that commits rounds (a run with --out,
// UnitSharing::lastRound), each finished pass's next sketch and column sums
// are committed, and a run of the same command takes them and starts at the
// pass after the last committed one.

#include <cstdint>
#include <optional>

#include "core/projection/RandomizedPca.h"
#include "core/projection/UnitSharing.h"

namespace modescape::projection {

// `units` receives the member blocks over all passes (0 without sharing).
std::optional<RandomizedPcaRun> randomizedPca(const MemberRowSource& source,
                                              const RandomizedPcaOptions& options,
                                              const UnitSharing& sharing, const JobContext& context,
                                              std::int64_t* units = nullptr);

}  // namespace modescape::projection
