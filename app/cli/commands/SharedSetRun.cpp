#include "app/cli/commands/SharedSetRun.h"

#include <chrono>
#include <filesystem>
#include <iostream>

#include "core/analysis/SetWorkspace.h"
#include "core/analysis/SpaceParameters.h"
#include "core/data/Dataset.h"
#include "core/jobs/Device.h"
#include "core/parallel/CommittedUnits.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/ShareReportJson.h"
#include "core/parallel/SharedPredictions.h"
#include "core/parallel/SharedUnits.h"
#include "core/parallel/UnitJournal.h"
#include "core/session/ResultKey.h"
#include "core/symmetry/FunctionRows.h"

namespace modescape::cli {

SharedSetRun runSharedSet(analysis::SetWorkspace& workspace, const analysis::Analysis& analysis,
                          const analysis::ParameterValues& values, const std::string& out,
                          const JobContext& context,
                          const std::function<std::any(const projection::UnitSharing&)>& compute) {
    const auto start = std::chrono::steady_clock::now();
    const std::string device = describeDevice(context.device);
    SharedSetRun run;
    projection::UnitSharing sharing;
    if (parallel::running()) {
        run.report = parallel::aloneReport(0, device, 0.0);
        if (const auto sample = analysis::functionSampleFrom(values)) {
            std::vector<std::string> members;
            for (const auto& m : workspace.set().members)
                members.push_back(m.name);
            const data::Dataset data = symmetry::functionSampleData(workspace.loaded(), *sample);
            parallel::addRound(run.report, parallel::sharePredictions(
                                               workspace.loaded(), workspace.predictions(), members,
                                               std::vector<data::Dataset>{data}, context));
        }
        sharing = parallel::unitSharing(run.report, device);
    }
    // Only rank 0 keeps the journal; the other ranks pass the work through.
    parallel::UnitCommits commits;
    const std::string journal =
        out.empty() || parallel::rank() != 0 ? "" : parallel::unitJournalPathFor(out);
    if (!out.empty())
        sharing = parallel::committingUnits(
            sharing, journal, session::resultKey(analysis, values, workspace.set()), commits,
            [&out](std::int64_t units, const std::string& words) {
                std::cerr << out << ": " << units << ' ' << words
                          << " taken from an interrupted run\n";
            });
    std::any result = compute(sharing);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (parallel::rank() != 0)
        return run;
    if (!parallel::running())
        run.report = parallel::aloneReport(
            commits.used ? commits.computed
                         : static_cast<std::int64_t>(workspace.set().members.size()),
            device, seconds);
    if (commits.used)
        run.journal = journal;
    run.report.seconds = seconds;
    run.result = std::move(result);
    return run;
}

void removeJournal(const SharedSetRun& run) {
    if (!run.journal.empty())
        std::filesystem::remove(run.journal);
}

void addSharedSetJson(nlohmann::json& out, const parallel::ShareReport& report,
                      std::size_t members) {
    parallel::addShareJson(out, report);
    out["members_per_second"] =
        report.seconds > 0 ? static_cast<double>(members) / report.seconds : 0.0;
}

}  // namespace modescape::cli
