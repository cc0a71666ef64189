// `modescape trajectory SET --group G [--group G2 ...] [--center last|NAME]
// [--scatter G3,...] [--grid X0:X1:NX,Y0:Y1:NY] [--range members|grid]
// [--out FILE.h5|.vts|.csv] [--figure FILE [--plot surface|contour]] [--json]`:
// the "trajectory" analysis (core/analysis/TrajectoryAnalysis.h), whose table
// gives every option but the outputs (docs/trajectory.md). --out writes the
// surface on the plane with the landscape's writers; --figure draws the paths
// on it with the window's own trajectory view.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/ParameterText.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/TrajectoryAnalysis.h"
#include "core/common/JoinText.h"
#include "core/common/TerminalText.h"
#include "core/io/OutputPath.h"
#include "core/landscape/LandscapeFiles.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/trajectory/TrajectoryContour.h"
#include "ui/views/trajectory/TrajectoryImage.h"
#endif

namespace modescape::cli {
namespace {

using trajectory::TrajectoryResult;

void printText(const TrajectoryResult& r) {
    std::printf(
        "trajectory plane of %s centred on %s: explained variance %.2f%% (%.2f%% + %.2f%%)\n",
        terminalSafe(joinText(r.groups)).c_str(), terminalSafe(r.centerName).c_str(),
        100 * r.explainedVariance, 100 * r.componentVariance.at(0),
        100 * r.componentVariance.at(1));
    std::printf("  %-40s %8s %12s %12s %10s\n", "member", "epoch", "alpha", "beta", "proj.err");
    const auto row = [](const trajectory::TrajectoryPoint& p) {
        std::printf("  %-40s %8.6g %12.6g %12.6g %9.2f%%\n", terminalSafe(p.name).c_str(),
                    p.epochOrIndex(), p.alpha, p.beta, 100 * p.projectionError);
    };
    for (const auto& p : r.path)
        row(p);
    if (!r.scatter.empty())
        std::printf("  scatter (projected, not part of the PCA):\n");
    for (const auto& p : r.scatter)
        row(p);
    const auto& s = r.surface;
    std::printf(
        "  surface %d x %d on alpha [%.4g, %.4g], beta [%.4g, %.4g]: %s loss %.6g to "
        "%.6g, centre %.6g\n",
        s.nx(), s.ny(), s.settings.x.from, s.settings.x.to, s.settings.y.from, s.settings.y.to,
        s.settings.split.c_str(), s.lossMin(), s.lossMax(), s.centerLoss);
}

class TrajectoryCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        const analysis::AnalysisInfo& info = options_.analysis().info();
        CLI::App* app = parent.add_subcommand(info.name, info.summary);
        set_.define(*app);
        options_.define(*app);
        // --group may be repeated: groupsGiven() joins every occurrence.
        options_.option("groups")->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
        app->add_option("--out", out_,
                        "Write the surface on the plane: .h5 (the landscape's layout), .vts "
                        "(ParaView) or .csv");
        auto* figure = figure_.define(*app, "the paths on their surface");
        app->add_option("--plot", plot_, "--figure: surface (3-D, default) or contour (flat map)")
            ->check(CLI::IsMember({"surface", "contour"}))
            ->needs(figure);
        app->add_flag("--json", json_,
                      "Print the plane's explained_variance and every member's alpha, beta, "
                      "projection_error and epoch as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and draw the paths elsewhere");
        io::checkOutputFile(out_);
        if (!out_.empty())
            landscape::surfaceFormatOf(out_);  // an unknown suffix is refused before any work
        const analysis::ParameterValues extra = groupsGiven();
        options_.values(extra);  // bad values are refused before the set is opened
        analysis::SetWorkspace workspace(set_.open(context));
        analysis::ParameterValues withSet = extra;
        withSet["set"] = workspace.set().folder;
        const analysis::ParameterValues values = options_.values(withSet, &workspace.set());
        const std::any any = options_.analysis().run(workspace, values, context);
        finishTerminalProgress();
        const auto& result = std::any_cast<const TrajectoryResult&>(any);
        if (!out_.empty())
            landscape::writeSurface(out_, result.surface);
        if (figure_.requested())
            writeFigure(result);
        if (json_) {
            nlohmann::json out = options_.analysis().resultJson(any);
            out["provenance"] = analysis::provenance(options_.analysis(), values);
            if (!out_.empty())
                out["out"] = out_;
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        printText(result);
        if (!out_.empty())
            std::printf("written to %s\n", out_.c_str());
        return 0;
    }

  private:
    // --group repeated: every occurrence, each possibly comma-separated.
    analysis::ParameterValues groupsGiven() const {
        const CLI::Option* group = options_.option("groups");
        if (!group || group->count() == 0)
            return analysis::ParameterValues::object();
        std::vector<std::string> groups;
        for (const std::string& text : group->results())
            for (const std::string& g : analysis::splitOnCommas(text))
                groups.push_back(g);
        return {{"groups", joinText(groups, ",")}};
    }

    void writeFigure([[maybe_unused]] const TrajectoryResult& result) const {
#ifdef MODESCAPE_WITH_GUI
        if (plot_ == "contour")
            figure_.writeFigure(ui::trajectoryContourPaint(result));  // vector
        else
            figure_.writeImage(ui::renderTrajectoryImage(result, false, figure_.pixelSize()));
#endif
    }

    AnalysisOptions options_{analysis::trajectoryAnalysis()};
    SetArgument set_;
    FigureOptions figure_{1000, 800};
    std::string out_, plot_ = "surface";
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeTrajectoryCommand() {
    return std::make_unique<TrajectoryCommand>();
}

}  // namespace modescape::cli
