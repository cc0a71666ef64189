// `modescape project SET [parameters] [--out coords.csv] [--figure map.svg [--size
// WxH]] [--json]`: a map of the members, with explained variance (PCA) or the
// final KL divergence (t-SNE). The parameters (--method, --symmetry, --space,
// --distance ...) are the projection analysis's (core/analysis/ProjectionAnalysis.h).
// --figure (alias --png) draws the map with the GUI's painter: a 2-D map as PNG,
// or SVG / PDF with real text; a 3-D map as VTK's pixels (GUI build only).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "app/cli/commands/SharedSetRun.h"
#include "app/cli/commands/SymmetryOptions.h"
#include "core/analysis/AllAnalyses.h"
#include "core/analysis/Analysis.h"
#include "core/analysis/ProjectionAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/symmetry/ProjectionCsv.h"
#include "core/symmetry/SharedSetProjection.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/rendering/RasterFigureSource.h"
#include "ui/views/map/MapImage.h"
#endif

namespace modescape::cli {
namespace {

class ProjectCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(analysis_.info().name, analysis_.info().summary);
        set_.define(*app);
        options_.define(*app);
        spellings_.bind(options_);
        app->add_option("--out", out_, "Write the coordinates as CSV (atomically)");
        figure_.define(*app, "the map");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the coordinates elsewhere");
        io::checkOutputFile(out_);
        analysis::ParameterValues given = spellings_.meaning(options_);
        options_.values(given);  // refused before the set is read
        analysis::SetWorkspace workspace(set_.open(context));
        given["set"] = set_.folder();
        const analysis::ParameterValues values = options_.values(given, &workspace.set());
        // The analysis's run (ProjectionAnalysis): under mpirun every rank
        // computes a share of the Gram; rank 0 alone maps, writes and prints.
        const SharedSetRun run =
            runSharedSet(workspace, analysis_, values, out_, context,
                         [&](const projection::UnitSharing& sharing) {
                             return std::any(symmetry::projectSet(
                                 workspace.loaded(), analysis::projectionSettingsFrom(values),
                                 context, sharing));
                         });
        if (!run.result)
            return 0;
        const std::any& result = *run.result;
        const auto& p = std::any_cast<const symmetry::SetProjection&>(result);
        finishTerminalProgress();
        if (!out_.empty()) {
            io::writeFileAtomically(out_, symmetry::projectionCsv(p));
            removeJournal(run);  // its units are in --out now
        }
        if (figure_.requested())
            writeMap(p);
        if (json_) {
            nlohmann::json out = analysis_.resultJson(result);
            addSharedSetJson(out, run.report, workspace.set().members.size());
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        std::printf("%s of %zu members, space %s, distance %s, %lld dimensions\n", p.method.c_str(),
                    p.members.size(), p.space.c_str(), p.distance.c_str(),
                    static_cast<long long>(p.dimensions));
        // Principal coordinates ("top ...") and member rows ("the members' ...") are map inputs.
        const bool mapInput =
            p.algorithm.rfind("top ", 0) == 0 || p.algorithm.rfind("the members' ", 0) == 0;
        if (!p.algorithm.empty())
            std::printf("%s: %s\n",
                        p.method == "pca" ? "PCA"
                        : mapInput        ? "map input"
                                          : "weight-space Gram",
                        p.algorithm.c_str());
        for (const auto& note : p.notes)
            std::printf("  note: %s\n", terminalSafe(note).c_str());
        if (!p.explainedVarianceRatio.empty()) {
            std::printf("explained variance ratio:");
            for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
                std::printf(" %.4f", p.explainedVarianceRatio[std::size_t(c)]);
            std::printf("\n");
        }
        if (p.kl >= 0)
            std::printf("final KL divergence: %.6g\n", p.kl);
        std::fputs(terminalSafe(symmetry::projectionCsv(p), Newlines::Keep).c_str(), stdout);
        return 0;
    }

    bool distributes() const override { return true; }

  private:
    void writeMap([[maybe_unused]] const symmetry::SetProjection& p) const {
#ifdef MODESCAPE_WITH_GUI
        const ui::MapModel model = ui::mapModelOf(p);
        if (model.isThreeDimensional())
            figure_.writeImage(ui::renderMap3dImage(model, figure_.pixelSize(), false,
                                                    ui::figureTextPixels(figure_.figure())));
        else
            figure_.writeFigure(ui::mapFigurePaint(model));
#endif
    }

    const analysis::Analysis& analysis_ = analysis::projectionAnalysis();
    SetArgument set_;
    AnalysisOptions options_{analysis_};
    SpaceSpellings spellings_;
    std::string out_;
    FigureOptions figure_{800, 640};
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeProjectCommand() {
    return std::make_unique<ProjectCommand>();
}

}  // namespace modescape::cli
