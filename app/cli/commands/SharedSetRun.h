#pragma once
// `project` and `mmd` under mpirun (docs/mpi.md): every rank runs the
// computation with a UnitSharing (symmetry/SharedSetProjection.h), so the
// weight-space Gram blocks or MMD kernel sums are handed out to the ranks and
// rank 0 collects them; in function space the members' forward passes are
// shared first (into rank 0's prediction cache, as calibrate's) and rank 0
// computes the map or table from them. A plain run computes as always.
//
// With an --out, the finished units are committed to a journal beside it
// (parallel/CommittedUnits.h), in a plain run as under mpirun: the same
// command run again takes them from it and computes only the rest.

#include <any>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/analysis/Analysis.h"
#include "core/parallel/SharedWork.h"
#include "core/projection/UnitSharing.h"

namespace modescape::analysis {
class SetWorkspace;
}

namespace modescape::cli {

struct SharedSetRun {
    std::optional<std::any> result;  // empty on ranks other than 0
    parallel::ShareReport report;
    std::string journal;  // rank 0: the journal this run committed to, "" for none
};

// `compute`: the analysis's run with the sharing it is given (an empty one
// in a plain run without `out`). `values`: complete()d; they say whether it
// is function space. `out`: the command's --out ("" for none), beside which
// the journal is kept.
SharedSetRun runSharedSet(analysis::SetWorkspace& workspace, const analysis::Analysis& analysis,
                          const analysis::ParameterValues& values, const std::string& out,
                          const JobContext& context,
                          const std::function<std::any(const projection::UnitSharing&)>& compute);

// Once --out is written: the journal's units are in it, so the journal goes.
void removeJournal(const SharedSetRun& run);

// The --json fields of the sharing (ShareReportJson.h) and members_per_second:
// the set's members over the run's seconds.
void addSharedSetJson(nlohmann::json& out, const parallel::ShareReport& report,
                      std::size_t members);

}  // namespace modescape::cli
