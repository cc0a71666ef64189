// `modescape connect SET A B [--path linear|aligned|bezier|polychain] [--bends 3]
// [--epochs E] [--lr X] [--points 61] [--out path.csv] [--save-curve DIR [--force]]
// [--curve DIR] [--png FILE [--size WxH]] [--json]`: loss and accuracy along a
// path between two members, its barriers and length (docs/connectivity.md).
// `modescape connect SET --matrix [--members A,B,C] [--aligned] [--threshold X]
// [--png FILE] [--json]`: pairwise barriers and basins. Ctrl-C stops; a path's
// --out then holds the points computed so far. --png renders the path chart or
// the heatmap with the GUI's views (GUI build only).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <type_traits>

#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/common/Error.h"
#include "core/common/TerminalText.h"
#include "core/connectivity/BarrierMatrix.h"
#include "core/connectivity/ConnectJob.h"
#include "core/connectivity/CurveFile.h"
#include "core/connectivity/PathReport.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputFolder.h"
#include "core/io/OutputPath.h"
#include "core/io/set/OpenSet.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/connectivity/ConnectivityImages.h"
#endif

namespace modescape::cli {
namespace {

using namespace modescape::connectivity;

class ConnectCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "connect",
            "Mode connectivity: loss along a path between two members, or the "
            "pairwise barrier matrix of a selection (--matrix)");
        set_.define(*app);
        app->add_option("A", a_, "First member (t = 0)");
        app->add_option("B", b_, "Second member (t = 1)");
        app->add_option("--path", path_,
                        "linear, aligned (B weight-matched to A), bezier or polychain")
            ->check(CLI::IsMember({"linear", "aligned", "bezier", "polychain"}));
        app->add_option("--bends", settings_.bends,
                        "Control points of a curve, both ends included (default 3)");
        app->add_option("--epochs", settings_.training.epochs,
                        "Curve training epochs (default 20)");
        app->add_option("--lr", settings_.training.learningRate,
                        "Curve learning rate (default 0.05)");
        app->add_option("--batch-size", settings_.training.batchSize,
                        "Curve training batch (default 128)");
        app->add_option("--wd", settings_.training.weightDecay,
                        "Weight decay on theta(t) (default 5e-4)");
        app->add_option("--seed", settings_.training.seed,
                        "Seed of minibatches and t draws (default 0)");
        app->add_option("--points", settings_.points,
                        "Evaluated points along the path (default 61)");
        app->add_option("--out", out_, "Write the path as CSV (the matrix as JSON), atomically");
        auto* saveCurve = app->add_option(
            "--save-curve", saveCurve_,
            "Save the path's control points to this folder (an existing folder is replaced "
            "only when it holds an earlier saved curve)");
        app->add_flag("--force", force_,
                      "Replace the --save-curve folder even if it holds other files")
            ->needs(saveCurve);
        app->add_option("--curve", loadCurve_,
                        "Evaluate a curve saved with --save-curve (A, B from it)");
        app->add_flag("--matrix", matrix_,
                      "Pairwise barriers of --members (default all) and basins");
        app->add_option("--members", members_, "Members of the matrix (comma-separated)")
            ->delimiter(',');
        app->add_flag("--aligned", aligned_, "Matrix: weight-match each second member first");
        app->add_option("--threshold", threshold_,
                        "Matrix: barrier below which members share a basin (default 0.1)");
        figure_.define(*app, "the path chart (with --matrix: the heatmap)");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the numbers elsewhere");
        io::checkOutputFile(out_);
        io::checkOutputFolder(saveCurve_, io::kCurveOutput, curveReplacePolicy());
        if (matrix_)
            return runMatrix(context);
        if (!members_.empty() || aligned_)
            throw InvalidArgument(
                "connect: --members and --aligned belong to --matrix "
                "(for one path use --path aligned)");
        if (!loadCurve_.empty())
            return runSavedCurve(context);
        if (a_.empty() || b_.empty())
            throw InvalidArgument("connect: give two members A and B, or --matrix");
        settings_.kind = parsePathKind(path_);
        validate(settings_);
        evaluation::LoadedSet loaded(set_.open(context));
        PathResult partial;
        ConnectOutcome outcome = [&] {
            try {
                return connectMembers(loaded, a_, b_, settings_, context,
                                      [&](const PathResult& r, int) { partial = r; });
            } catch (const Cancelled&) {
                if (!out_.empty() && !partial.t.empty())
                    io::writeFileAtomically(out_, pathCsv(partial));
                throw;
            }
        }();
        if (!saveCurve_.empty())
            saveCurve(saveCurve_, outcome.curve, settings_, outcome.result,
                      {loaded.set().folder, a_, b_, loaded.modelDescription()},
                      curveReplacePolicy());
        report(outcome.result);
        return 0;
    }

  private:
    io::ReplacePolicy curveReplacePolicy() const {
        return force_ ? io::ReplacePolicy::Anything : io::ReplacePolicy::OwnOutputOnly;
    }

    int runSavedCurve(const JobContext& context) {
        if (!a_.empty())
            throw InvalidArgument("connect --curve: the members come from the curve; drop A and B");
        const SavedCurve saved = loadCurve(loadCurve_);
        evaluation::LoadedSet loaded(set_.open(context));
        PathData data;
        data.train = &loaded.dataset("train");
        if (loaded.hasRole("test"))
            data.test = &loaded.dataset("test");
        PathSettings settings = saved.settings;
        settings.points = settings_.points;
        PathResult result;
        result.kind = saved.settings.kind;
        result.bends = saved.curve.bends();
        result.memberA = saved.info.memberA;
        result.memberB = saved.info.memberB;
        evaluatePath(loaded.model(), saved.curve, data, settings, result, context);
        report(result);
        return 0;
    }

    int runMatrix(const JobContext& context) {
        if (!a_.empty())
            throw InvalidArgument(
                "connect --matrix: choose members with --members A,B,C, not positional A B");
        BarrierMatrixSettings s;
        s.members = members_;
        s.aligned = aligned_;
        s.threshold = threshold_;
        s.points = settings_.points;
        evaluation::LoadedSet loaded(set_.open(context));
        const BarrierMatrix m = computeBarrierMatrix(loaded, s, context);
        writeFigure(m);
        const nlohmann::json j = toJson(m);
        if (!out_.empty())
            io::writeFileAtomically(out_, j.dump(2) + "\n");
        if (json_) {
            std::cout << j.dump(2) << '\n';
            return 0;
        }
        std::printf(
            "%s barriers (training loss, interpolated) of %zu members: %d basin(s) below %g\n",
            pathKindName(m.kind), m.size(), m.basinCount, m.threshold);
        for (std::size_t i = 0; i < m.size(); ++i) {
            std::printf("%3d  %-36s", m.basin[i], terminalSafe(m.members[i]).c_str());
            for (std::size_t k = 0; k < m.size(); ++k)
                std::printf(" %8.4f", m.barrier(i, k));
            std::printf("\n");
        }
        return 0;
    }

    // The --png picture: the heatmap of a matrix, the chart of a path.
    template <typename Result>
    void writeFigure([[maybe_unused]] const Result& result) const {
#ifdef MODESCAPE_WITH_GUI
        if (!figure_.requested())
            return;
        const QSize size(figure_.width(), figure_.height());
        if constexpr (std::is_same_v<Result, BarrierMatrix>)
            ui::writeBarrierHeatmapImage(result, figure_.path(), size);
        else
            ui::writePathChartImage({result}, ui::PathChart::Split::Test, figure_.path(), size);
#endif
    }

    void report(const PathResult& r) const {
        writeFigure(r);
        if (!out_.empty())
            io::writeFileAtomically(out_, pathCsv(r));
        if (json_) {
            std::cout << toJson(r).dump(2) << '\n';
            return;
        }
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
    std::string a_, b_, path_ = "linear", out_, saveCurve_, loadCurve_;
    FigureOptions figure_{800, 600};
    std::vector<std::string> members_;
    PathSettings settings_;
    double threshold_ = 0.1;
    bool matrix_ = false, aligned_ = false, json_ = false, force_ = false;
};

}  // namespace

std::unique_ptr<Command> makeConnectCommand() {
    return std::make_unique<ConnectCommand>();
}

}  // namespace modescape::cli
