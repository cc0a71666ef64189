// `modescape symmetry SET --scaling none|unitnorm|optimal --permutation
// none|sort|match[:REF] --out DIR [--force] [--sort-key first|mean|l2] [--spec FILE]
// [--seed S] [--no-check] [--json]`: writes the symmetry-removed set and a
// report (mass, minimal mass, excess mass, matching sweeps per member).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "core/common/TerminalText.h"
#include "core/io/OutputFolder.h"
#include "core/symmetry/SetSymmetry.h"

namespace modescape::cli {
namespace {

class SymmetryCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "symmetry", "Remove scaling and permutation symmetries; write the result as a new set");
        set_.define(*app);
        app->add_option("--scaling", scaling_, "none, unitnorm or optimal (default none)")
            ->check(CLI::IsMember({"none", "unitnorm", "optimal"}));
        app->add_option("--permutation", permutation_,
                        "none, sort or match[:MEMBER] (default none; match: to the first member)");
        app->add_option("--sort-key", sortKey_,
                        "first (incoming weight), mean or l2 (default first)")
            ->check(CLI::IsMember({"first", "mean", "l2"}));
        app->add_option("--out", out_,
                        "Folder of the new set (built beside it, then swapped in); an existing "
                        "folder is replaced only when it is an earlier symmetry output")
            ->required();
        app->add_flag("--force", force_, "Replace the --out folder even if it holds other files");
        app->add_option("--spec", spec_, "Symmetry spec (JSON) for a TorchScript model")
            ->check(CLI::ExistingFile);
        app->add_option("--seed", seed_, "Order of the groups in weight matching (default 0)");
        app->add_flag("--no-check", noCheck_,
                      "Skip comparing each member's outputs before and after");
        app->add_flag("--json", json_, "Print the JSON report");
        return app;
    }

    int run(const JobContext& context) override {
        symmetry::SetSymmetryOptions options;
        options.removal.scaling = symmetry::parseScalingMethod(scaling_);
        symmetry::parsePermutationOption(permutation_, options.removal);
        options.removal.sortKey = symmetry::parseSortKey(sortKey_);
        options.removal.matching.seed = seed_;
        options.specPath = spec_;
        options.checkFunction = !noCheck_;
        options.replace = force_ ? io::ReplacePolicy::Anything : io::ReplacePolicy::OwnOutputOnly;
        options.open = set_.openOptions();
        options.complete = [this](io::CheckpointSet& set) { set_.complete(set); };
        io::checkOutputFolder(out_, io::kSymmetrySetOutput, options.replace);
        const auto report = symmetry::symmetrizeSet(set_.folder(), out_, options, context);
        finishTerminalProgress();
        if (json_) {
            std::cout << symmetry::toJson(report).dump(2) << '\n';
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
    SetArgument set_;
    std::string out_, spec_, scaling_ = "none", permutation_ = "none", sortKey_ = "first";
    std::uint64_t seed_ = 0;
    bool noCheck_ = false, json_ = false, force_ = false;
};

}  // namespace

std::unique_ptr<Command> makeSymmetryCommand() {
    return std::make_unique<SymmetryCommand>();
}

}  // namespace modescape::cli
