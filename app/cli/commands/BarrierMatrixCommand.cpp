// `modescape barrier-matrix SET [--members A,B,C] [--aligned] [--threshold X]
// [--points N] [--out FILE] [--png FILE [--size WxH]] [--json]`: the pairwise
// barriers of a selection and their basins, the barrier-matrix analysis under
// its own name (the same as `modescape connect SET --matrix`).
#include <CLI/CLI.hpp>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/commands/BarrierMatrixRun.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/BarrierMatrixAnalysis.h"
#include "core/io/OutputPath.h"

namespace modescape::cli {
namespace {

class BarrierMatrixCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        const analysis::Analysis& analysis = analysis::barrierMatrixAnalysis();
        CLI::App* app = parent.add_subcommand(analysis.info().name, analysis.info().summary);
        set_.define(*app);
        options_.define(*app);
        app->add_option("--out", out_, "Write the matrix as JSON, atomically");
        figure_.define(*app, "the heatmap");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    bool distributes() const override { return true; }  // member pairs (docs/mpi.md)

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the numbers elsewhere");
        io::checkOutputFile(out_);
        analysis::ParameterValues given = options_.given();
        given["set"] = set_.folder();
        return runBarrierMatrix(set_, given, {out_, json_, &figure_}, context);
    }

  private:
    SetArgument set_;
    AnalysisOptions options_{analysis::barrierMatrixAnalysis()};
    FigureOptions figure_{800, 600};
    std::string out_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeBarrierMatrixCommand() {
    return std::make_unique<BarrierMatrixCommand>();
}

}  // namespace modescape::cli
