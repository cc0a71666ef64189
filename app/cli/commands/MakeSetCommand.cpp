// `modescape make-set RECIPE --out DIR [--force] [--seed S] [--json]`: train and sample a
// posterior set with Modescape's own samplers.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>

#include "app/cli/commands/Commands.h"
#include "app/cli/commands/RecipeReportJson.h"
#include "core/io/OutputFolder.h"
#include "core/sampling/DemoRecipes.h"

namespace modescape::cli {
namespace {

class MakeSetCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand("make-set",
                                              "Train a posterior set (ensemble, SWAG, MC dropout, "
                                              "HMC, SG-MCMC, Laplace, trajectory)");
        app->add_option("RECIPE", recipe_, "two-moons | fashion-lenet")
            ->required()
            ->check(CLI::IsMember(sampling::recipeNames()));
        app->add_option("--out", out_,
                        "Folder to write the set into (built beside it, then swapped in); an "
                        "existing folder is replaced only when it is an earlier make-set output")
            ->required();
        app->add_flag("--force", force_, "Replace the --out folder even if it holds other files");
        app->add_option("--seed", seed_, "Seed of every random choice (default 0)");
        app->add_flag("--json", json_, "Print the report as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        const auto replace =
            force_ ? io::ReplacePolicy::Anything : io::ReplacePolicy::OwnOutputOnly;
        io::checkOutputFolder(out_, io::kCheckpointSetOutput, replace);
        const sampling::RecipeReport report =
            sampling::makeRecipeSet(recipe_, out_, seed_, context, replace);
        printRecipeReport(report, json_);
        return 0;
    }

  private:
    std::string recipe_;
    std::string out_;
    std::uint64_t seed_ = 0;
    bool json_ = false, force_ = false;
};

}  // namespace

std::unique_ptr<Command> makeMakeSetCommand() {
    return std::make_unique<MakeSetCommand>();
}

}  // namespace modescape::cli
