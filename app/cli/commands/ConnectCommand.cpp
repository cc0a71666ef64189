// `modescape connect SET A B [--path linear|aligned|bezier|polychain[,...]] [--bends 3]
// [--epochs E] [--lr X] [--points 61] [--out path.csv] [--save-curve DIR [--force]]
// [--curve DIR] [--png FILE [--size WxH]] [--json]`: loss and accuracy along a
// path between two members, its barriers and length (docs/connectivity.md);
// several path kinds (`--path linear,bezier`) are computed in turn and drawn
// in one figure, and their --json is {"paths": [...]}.
// `modescape connect SET --matrix [--members A,B,C] [--aligned] [--threshold X]
// [--png FILE] [--json]`: pairwise barriers and basins (the barrier-matrix
// analysis, also `modescape barrier-matrix`). Ctrl-C stops; a path's --out then
// holds the points computed so far. --png renders the path chart or the
// heatmap with the GUI's views (GUI build only). Every computing option comes
// from the analyses' parameter tables (core/analysis/ConnectAnalysis.h,
// BarrierMatrixAnalysis.h).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/commands/BarrierMatrixRun.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/BarrierMatrixAnalysis.h"
#include "core/analysis/ConnectAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/common/TerminalText.h"
#include "core/connectivity/CurveFile.h"
#include "core/connectivity/PathReport.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputFolder.h"
#include "core/io/OutputPath.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/connectivity/ConnectivityImages.h"
#endif

namespace modescape::cli {
namespace {

using namespace modescape::connectivity;

// The matrix's parameters that the path's table already binds (same meaning).
const std::vector<std::string> kSharedWithPath{"points", "eval-batch-size", "bn-samples"};

class ConnectCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "connect",
            "Mode connectivity: loss along a path between two members, or the "
            "pairwise barrier matrix of a selection (--matrix)");
        set_.define(*app);
        const auto& table = analysis::connectAnalysis().parameters();
        app->add_option("A", a_, analysis::specNamed(table, "a").help);
        app->add_option("B", b_, analysis::specNamed(table, "b").help);
        path_.define(*app);
        app->add_option("--out", out_, "Write the path as CSV (the matrix as JSON), atomically");
        auto* saveCurve = app->add_option(
            "--save-curve", saveCurve_,
            "Save the path's control points to this folder (an existing folder is replaced "
            "only when it holds an earlier saved curve)");
        app->add_flag("--force", force_,
                      "Replace the --save-curve folder even if it holds other files")
            ->needs(saveCurve);
        app->add_flag("--matrix", matrix_,
                      "Pairwise barriers of --members (default all) and basins "
                      "(the same as `modescape barrier-matrix`)");
        matrixOptions_.define(*app, kSharedWithPath);
        figure_.define(*app, "the path chart (with --matrix: the heatmap)");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    // --matrix shares its member pairs over MPI ranks (docs/mpi.md); a path does not.
    bool distributes() const override { return matrix_; }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the numbers elsewhere");
        io::checkOutputFile(out_);
        io::checkOutputFolder(saveCurve_, io::kCurveOutput, curveReplacePolicy());
        if (matrix_)
            return runMatrix(context);
        if (matrixOptions_.option("members")->count() || matrixOptions_.option("aligned")->count())
            throw InvalidArgument(
                "connect: --members and --aligned belong to --matrix "
                "(for one path use --path aligned)");
        const analysis::Analysis& analysis = analysis::connectAnalysis();
        analysis::ParameterValues given = path_.given();
        given["set"] = set_.folder();
        if (!a_.empty())
            given["a"] = a_;
        if (!b_.empty())
            given["b"] = b_;
        // Bad values before the set is opened.
        const std::size_t kinds = analysis::connectPathKinds(analysis.complete(given)).size();
        if (kinds > 1 && !out_.empty())
            throw InvalidArgument(
                "connect --out: the CSV holds one path; give one --path kind (got " +
                std::to_string(kinds) + ")");
        if (kinds > 1 && !saveCurve_.empty())
            throw InvalidArgument(
                "connect --save-curve: saves one path's curve; give one --path kind (got " +
                std::to_string(kinds) + ")");
        analysis::SetWorkspace workspace(set_.open(context));
        const analysis::ParameterValues values = analysis.complete(given, &workspace.set());

        PathResult partial;
        analysis::RunOptions options;
        options.onPartial = [&](const std::any& part) {
            partial = std::any_cast<const analysis::ConnectResult&>(part).path;
        };
        const auto result = [&] {
            try {
                return analysis.run(workspace, values, context, options);
            } catch (const Cancelled&) {
                if (!out_.empty() && !partial.t.empty())
                    io::writeFileAtomically(out_, pathCsv(partial));
                throw;
            }
        }();
        const auto& outcome = std::any_cast<const analysis::ConnectResult&>(result);
        if (!saveCurve_.empty() && values["curve"].is_null())
            saveCurve(saveCurve_, *outcome.curve, analysis::connectSettingsFrom(values),
                      outcome.path,
                      {workspace.set().folder, a_, b_, workspace.loaded().modelDescription()},
                      curveReplacePolicy());
        report(outcome.paths.empty() ? std::vector<PathResult>{outcome.path} : outcome.paths,
               analysis.resultJson(result));
        return 0;
    }

  private:
    io::ReplacePolicy curveReplacePolicy() const {
        return force_ ? io::ReplacePolicy::Anything : io::ReplacePolicy::OwnOutputOnly;
    }

    int runMatrix(const JobContext& context) {
        if (!a_.empty())
            throw InvalidArgument(
                "connect --matrix: choose members with --members A,B,C, not positional A B");
        analysis::ParameterValues given = matrixOptions_.given();
        const analysis::ParameterValues pathGiven = path_.given();
        for (const auto& name : kSharedWithPath)
            if (pathGiven.contains(name))
                given[name] = pathGiven[name];
        given["set"] = set_.folder();
        return runBarrierMatrix(set_, given, {out_, json_, &figure_}, context);
    }

    void report(const std::vector<PathResult>& paths, const nlohmann::json& json) const {
#ifdef MODESCAPE_WITH_GUI
        if (figure_.requested())  // painted: SVG and PDF with real text
            figure_.writeFigure(
                ui::lineChartPaint(ui::PathChart::chartData(paths, ui::PathChart::Split::Test)));
#endif
        if (!out_.empty())
            io::writeFileAtomically(out_, pathCsv(paths.front()));  // one path (checked)
        if (json_) {
            std::cout << json.dump(2) << '\n';
            return;
        }
        for (const PathResult& path : paths)
            printSummary(path);
    }

    static void printSummary(const PathResult& r) {
        std::printf("%s path (%d control points), %s -> %s, %zu points\n", pathKindName(r.kind),
                    r.bends, terminalSafe(r.memberA).c_str(), terminalSafe(r.memberB).c_str(),
                    r.t.size());
        std::printf(
            "  train loss %.4f -> %.4f, barrier %.4f (interpolated) %.4f (endpoint mean) at t = "
            "%.3f\n",
            r.trainLoss.front(), r.trainLoss.back(), r.trainBarrier.interpolated,
            r.trainBarrier.endpointMean, r.trainBarrier.tAtMax);
        if (!r.testLoss.empty())
            std::printf(
                "  test  loss %.4f -> %.4f, barrier %.4f (interpolated) %.4f (endpoint mean)\n",
                r.testLoss.front(), r.testLoss.back(), r.testBarrier.interpolated,
                r.testBarrier.endpointMean);
        std::printf("  length %.4f (|B - A| %.4f), %.2f s (training %.2f s)\n", r.length,
                    r.endpointDistance, r.seconds, r.trainingSeconds);
    }

    SetArgument set_;
    std::string a_, b_, out_, saveCurve_;
    AnalysisOptions path_{analysis::connectAnalysis()};
    AnalysisOptions matrixOptions_{analysis::barrierMatrixAnalysis()};
    FigureOptions figure_{800, 600};
    bool matrix_ = false, json_ = false, force_ = false;
};

}  // namespace

std::unique_ptr<Command> makeConnectCommand() {
    return std::make_unique<ConnectCommand>();
}

}  // namespace modescape::cli
