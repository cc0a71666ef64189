// `modescape symmetry SET --out DIR [--force] [parameters] [--json]`: writes
// the symmetry-removed set and a report (mass, minimal mass, excess mass,
// matching sweeps per member). The parameters (--scaling, --permutation
// none|sort|match[:REF], --sort-key, --spec, --seed, --no-check) are the
// symmetry analysis's (core/analysis/SymmetryAnalysis.h).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "app/cli/commands/SymmetryOptions.h"
#include "core/analysis/AllAnalyses.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/SymmetryAnalysis.h"
#include "core/common/TerminalText.h"
#include "core/io/OutputFolder.h"
#include "core/symmetry/SetSymmetry.h"

namespace modescape::cli {
namespace {

class SymmetryCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(analysis_.info().name, analysis_.info().summary);
        set_.define(*app);
        options_.define(*app);
        requireExistingSpec(options_);
        app->add_flag("--json", json_, "Print the JSON report");
        return app;
    }

    int run(const JobContext& context) override {
        analysis::ParameterValues values = options_.values();
        const analysis::SymmetrySettings settings = analysis::symmetrySettingsFrom(values);
        // A bad --out costs no reading.
        io::checkOutputFolder(settings.out, io::kSymmetrySetOutput, settings.options.replace);
        analysis::SetWorkspace workspace(set_.open(context));
        const std::any result = analysis_.run(
            workspace, options_.values({{"set", set_.folder()}}, &workspace.set()), context);
        const auto& report = std::any_cast<const symmetry::SetSymmetryReport&>(result);
        finishTerminalProgress();
        if (json_) {
            std::cout << analysis_.resultJson(result).dump(2) << '\n';
            return 0;
        }
        std::printf("%s -> %s (%s)\n", terminalSafe(report.source).c_str(),
                    terminalSafe(report.output).c_str(), report.settings.c_str());
        for (const auto& note : report.notes)
            std::printf("  note: %s\n", terminalSafe(note).c_str());
        std::printf("%-40s %14s %14s %12s %12s\n", "member", "L2 mass", "minimal mass",
                    "excess mass", "output diff");
        for (const auto& m : report.members)
            std::printf("%-40s %14.6g %14.6g %12.4g %12.3g\n", terminalSafe(m.name).c_str(),
                        m.removal.mass, m.removal.minimalMass, m.removal.excessMass,
                        m.functionDifference);
        return 0;
    }

  private:
    const analysis::Analysis& analysis_ = analysis::symmetryAnalysis();
    SetArgument set_;
    AnalysisOptions options_{analysis_};
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeSymmetryCommand() {
    return std::make_unique<SymmetryCommand>();
}

}  // namespace modescape::cli
