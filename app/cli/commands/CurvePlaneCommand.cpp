// `modescape curve-plane SET A B [--path bezier|polychain] [--bends 3]
// [--epochs E] ... [--grid-points 31] [--split test] [--curve DIR] [--out FILE]
// [--png FILE [--size WxH] [--contour]] [--json]`: trains a curve between A and
// B (or reads one saved by `connect --save-curve`) and computes the loss on
// the plane through A, B and its middle bend, the numbers of the GUI's "curve
// on its plane" views. Every computing option comes from the curve-plane
// analysis's table (core/analysis/CurvePlaneAnalysis.h).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/CurvePlaneAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/connectivity/ConnectivityImages.h"
#endif

namespace modescape::cli {
namespace {

class CurvePlaneCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        const analysis::Analysis& analysis = analysis::curvePlaneAnalysis();
        CLI::App* app = parent.add_subcommand(analysis.info().name, analysis.info().summary);
        set_.define(*app);
        const auto& table = analysis.parameters();
        app->add_option("A", a_, analysis::specNamed(table, "a").help);
        app->add_option("B", b_, analysis::specNamed(table, "b").help);
        options_.define(*app);
        app->add_option("--out", out_, "Write the result as JSON, atomically");
        auto* png = figure_.define(*app, "the curve on its plane's surface");
        app->add_flag("--contour", contour_, "Render the contour map instead of the surface")
            ->needs(png);
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the numbers elsewhere");
        io::checkOutputFile(out_);
        const analysis::Analysis& analysis = analysis::curvePlaneAnalysis();
        analysis::ParameterValues given = options_.given();
        given["set"] = set_.folder();
        if (!a_.empty())
            given["a"] = a_;
        if (!b_.empty())
            given["b"] = b_;
        analysis.complete(given);  // bad values before the set is opened
        analysis::SetWorkspace workspace(set_.open(context));
        const analysis::ParameterValues values = analysis.complete(given, &workspace.set());
        const auto result = analysis.run(workspace, values, context);
        const auto& outcome = std::any_cast<const analysis::CurvePlaneOutcome&>(result);
#ifdef MODESCAPE_WITH_GUI
        if (figure_.requested() && contour_)
            figure_.writeFigure(ui::curvePlaneContourPaint(outcome.plane));  // vector
        else if (figure_.requested())
            figure_.writeImage(ui::renderCurvePlane(outcome.plane, false, figure_.figure()));
#endif
        nlohmann::json json = analysis.resultJson(result);
        json["provenance"] = analysis::provenance(analysis, values);
        if (!out_.empty())
            io::writeFileAtomically(out_, json.dump(2) + "\n");
        if (json_) {
            std::cout << json.dump(2) << '\n';
            return 0;
        }
        print(outcome);
        return 0;
    }

  private:
    static void print(const analysis::CurvePlaneOutcome& outcome) {
        const auto& p = outcome.plane;
        const auto& s = p.surface;
        std::printf("%s curve %s -> %s on the plane through its middle bend (%.4f, %.4f)\n",
                    connectivity::pathKindName(p.kind), terminalSafe(p.memberA).c_str(),
                    terminalSafe(p.memberB).c_str(), p.bendX, p.bendY);
        std::printf("  %s loss on %d x %d points over x [%.4f, %.4f], y [%.4f, %.4f]\n",
                    s.settings.split.c_str(), s.nx(), s.ny(), s.xs.front(), s.xs.back(),
                    s.ys.front(), s.ys.back());
        std::printf("  loss from %.6f to %.6f; at A %.6f (accuracy %.2f%%)\n", s.lossMin(),
                    s.lossMax(), s.centerLoss, 100 * s.centerAccuracy);
        if (!outcome.path.t.empty())
            std::printf("  curve barrier %.4f (train, interpolated), straight |B - A| %.4f\n",
                        outcome.path.barrier(), outcome.path.endpointDistance);
    }

    SetArgument set_;
    std::string a_, b_, out_;
    AnalysisOptions options_{analysis::curvePlaneAnalysis()};
    FigureOptions figure_{800, 600};
    bool contour_ = false, json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeCurvePlaneCommand() {
    return std::make_unique<CurvePlaneCommand>();
}

}  // namespace modescape::cli
