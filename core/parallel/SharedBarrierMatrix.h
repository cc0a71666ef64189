#pragma once
// `connect --matrix` / `barrier-matrix` under MPI (docs/mpi.md): the member
// pairs are the units, shared over the ranks (SharedAnalysis.h); each part
// travels as the matrix's JSON (exact for every double, NaN for the pairs it
// lacks) and rank 0 merges them. With a resume file, rank 0 continues the
// pairs an interrupted run committed there and rewrites it after every pair.

#include <string>

#include "core/analysis/Parameter.h"
#include "core/connectivity/BarrierMatrix.h"
#include "core/parallel/SharedWork.h"

namespace modescape::analysis {
class SetWorkspace;
}

namespace modescape::parallel {

struct SharedMatrix {
    connectivity::BarrierMatrix matrix;  // rank 0: complete; elsewhere empty
    ShareReport report;
    std::int64_t resumedPairs = 0;  // pairs taken from the resume file
};

// Collective. `values` complete()d against the set; `resumePath` empty: no
// resume file. Throws what computeBarrierMatrix throws.
SharedMatrix shareBarrierMatrix(analysis::SetWorkspace& workspace,
                                const analysis::ParameterValues& values, const JobContext& job,
                                const std::string& resumePath);

// The pairs (pairAt() numbering over `selected`) that `earlier` lacks: every
// pair without an earlier matrix. A pair of a member the earlier matrix left
// out (non-finite weights) counts as lacking; computing it again is quick.
std::vector<std::int64_t> pairsLacking(const std::vector<std::string>& selected,
                                       const connectivity::BarrierMatrix* earlier);

}  // namespace modescape::parallel
