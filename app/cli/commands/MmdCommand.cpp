// `modescape mmd SET [parameters] [--out FILE] [--json]`: the group x group
// table of MMD^2 between the groups' weight vectors, or their predictions
// (maximum over Gaussian and Laplace kernels and bandwidths). The parameters
// (--symmetry, --space, --bandwidths ...) are the MMD analysis's
// (core/analysis/MmdAnalysis.h).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "app/cli/commands/SharedSetRun.h"
#include "app/cli/commands/SymmetryOptions.h"
#include "core/analysis/AllAnalyses.h"
#include "core/analysis/Analysis.h"
#include "core/analysis/MmdAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/symmetry/SharedSetProjection.h"

namespace modescape::cli {
namespace {

class MmdCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(analysis_.info().name, analysis_.info().summary);
        set_.define(*app);
        options_.define(*app);
        spellings_.bind(options_);
        app->add_option("--out", out_, "Also write the JSON result to this file (atomically)");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        io::checkOutputFile(out_);
        analysis::ParameterValues given = spellings_.meaning(options_);
        options_.values(given);  // refused before the set is read
        analysis::SetWorkspace workspace(set_.open(context));
        given["set"] = set_.folder();
        const analysis::ParameterValues values = options_.values(given, &workspace.set());
        // The analysis's run (MmdAnalysis): under mpirun every rank computes a
        // share of the kernel sums; rank 0 alone forms the table, writes and prints.
        const SharedSetRun run =
            runSharedSet(workspace, analysis_, values, out_, context,
                         [&](const projection::UnitSharing& sharing) {
                             const analysis::MmdSettings s = analysis::mmdSettingsFrom(values);
                             return std::any(symmetry::mmdOfSet(workspace.loaded(), s.space, s.mmd,
                                                                context, s.functions, sharing));
                         });
        if (!run.result)
            return 0;
        const std::any& result = *run.result;
        const auto& mmd = std::any_cast<const symmetry::SetMmd&>(result);
        finishTerminalProgress();
        nlohmann::json out = analysis_.resultJson(result);
        if (!out_.empty()) {
            io::writeFileAtomically(out_, out.dump(2) + "\n");
            removeJournal(run);  // its units are in --out now
        }
        if (json_) {
            addSharedSetJson(out, run.report, workspace.set().members.size());
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        std::printf("max MMD^2 over kernels and bandwidths, space %s, %zu members\n",
                    mmd.space.c_str(), mmd.members.size());
        std::printf("%-20s", "");
        for (const auto& g : mmd.table.groups)
            std::printf(" %14.14s", terminalSafe(g).c_str());
        std::printf("\n");
        for (std::size_t a = 0; a < mmd.table.groups.size(); ++a) {
            std::printf("%-20.20s", terminalSafe(mmd.table.groups[a]).c_str());
            for (std::size_t b = 0; b < mmd.table.groups.size(); ++b)
                std::printf(" %14.6g", mmd.table.maximum(Eigen::Index(a), Eigen::Index(b)));
            std::printf("\n");
        }
        std::printf("MMD: %s\n", mmd.algorithm.c_str());
        return 0;
    }

    bool distributes() const override { return true; }

  private:
    const analysis::Analysis& analysis_ = analysis::mmdAnalysis();
    SetArgument set_;
    AnalysisOptions options_{analysis_};
    SpaceSpellings spellings_;
    std::string out_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeMmdCommand() {
    return std::make_unique<MmdCommand>();
}

}  // namespace modescape::cli
