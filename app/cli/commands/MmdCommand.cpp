// `modescape mmd SET [--symmetry none|scale|scale+perm] [--space weights|function
// [--split ROLE] [--samples N]] [--bandwidths 10] [--out FILE] [--json]`: the
// group x group table of MMD^2 between the groups' weight vectors, or their
// predictions (maximum over Gaussian and Laplace kernels and bandwidths).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "app/cli/commands/SymmetryOptions.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/io/set/OpenSet.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::cli {
namespace {

class MmdCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "mmd",
            "MMD^2 between the groups of a set (e.g. SWAG vs deep ensemble), in weight or function "
            "space");
        set_.define(*app);
        space_.define(*app);
        app->add_option("--bandwidths", bandwidths_, "Bandwidths per kernel (default 10)")
            ->check(CLI::Range(1, 100));
        app->add_option("--out", out_, "Also write the JSON result to this file (atomically)");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        io::checkOutputFile(out_);
        const symmetry::SpaceOptions space = space_.options();
        projection::MmdOptions options;
        options.bandwidthCount = bandwidths_;
        const io::CheckpointSet set = set_.open(context);
        const symmetry::SetMmd mmd =
            space_.functionSpace()
                ? symmetry::mmdOfSet(set, space, options, context, space_.functionSample())
                : symmetry::mmdOfSet(set, space, options, context);
        finishTerminalProgress();
        const nlohmann::json out = symmetry::toJson(mmd);
        if (!out_.empty())
            io::writeFileAtomically(out_, out.dump(2) + "\n");
        if (json_) {
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

  private:
    SetArgument set_;
    std::string out_;
    SpaceArguments space_;
    int bandwidths_ = 10;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeMmdCommand() {
    return std::make_unique<MmdCommand>();
}

}  // namespace modescape::cli
