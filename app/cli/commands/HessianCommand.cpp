// `modescape hessian SET [--member NAME] [--top K] [--split test] [--subset N]
// [--trace auto|exact|hutch++] [--density] [--out FILE.json] [--figure FILE]
// [--json]`: the "hessian" analysis (core/analysis/HessianAnalysis.h), whose
// table gives every option but the outputs. --figure draws the spectrum with
// the GUI's own paint function (GUI build only; docs/hessian.md).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/HessianAnalysis.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/hessian/SpectrumFigure.h"
#endif

namespace modescape::cli {
namespace {

void printText(const analysis::HessianResult& r) {
    const hessian::HessianSpectrum& s = r.spectrum;
    std::printf("Hessian of the mean NLL of %s on %s (%lld samples, %lld parameters)\n",
                terminalSafe(r.member).c_str(), terminalSafe(r.data).c_str(),
                static_cast<long long>(s.samples), static_cast<long long>(s.parameters));
    std::printf("  loss %.6g\n", s.loss);
    std::printf("  top eigenvalues (%d Lanczos steps, %s):\n", s.top.steps,
                s.top.converged ? "converged" : "NOT converged");
    for (std::size_t i = 0; i < s.top.values.size(); ++i)
        std::printf("    %2zu  %14.8g  (residual %.2g)\n", i + 1, s.top.values[i],
                    s.top.residuals[i]);
    if (s.trace.standardError > 0)
        std::printf("  trace %.8g +- %.2g (%s, %lld products)\n", s.trace.value,
                    s.trace.standardError, hessian::traceMethodName(s.traceMethod),
                    static_cast<long long>(s.trace.products));
    else
        std::printf("  trace %.8g (%s)\n", s.trace.value, hessian::traceMethodName(s.traceMethod));
    if (s.density)
        std::printf("  density: %zu points on [%.4g, %.4g], sigma %.3g\n", s.density->grid.size(),
                    s.density->grid.front(), s.density->grid.back(), s.density->sigma);
    std::printf("  %lld Hessian-vector products\n", static_cast<long long>(s.products));
}

class HessianCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand("hessian", options_.analysis().info().summary);
        set_.define(*app);
        options_.define(*app);
        app->add_option("--out", out_, "Also write the JSON result to this file (atomically)");
        figure_.define(*app, "the spectrum (density and top eigenvalues)");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the density elsewhere");
        io::checkOutputFile(out_);
        options_.values({});  // bad values are refused before the set is opened
        analysis::SetWorkspace workspace(set_.open(context));
        const analysis::ParameterValues values =
            options_.values({{"set", workspace.set().folder}}, &workspace.set());
        const std::any any = options_.analysis().run(workspace, values, context);
        finishTerminalProgress();
        const auto& result = std::any_cast<const analysis::HessianResult&>(any);
        nlohmann::json out = options_.analysis().resultJson(any);
        out["provenance"] = analysis::provenance(options_.analysis(), values);
        if (!out_.empty())
            io::writeFileAtomically(out_, out.dump(2) + "\n");
        if (figure_.requested())
            writeSpectrum(result);
        if (json_)
            std::cout << out.dump(2) << '\n';
        else
            printText(result);
        return 0;
    }

  private:
    void writeSpectrum([[maybe_unused]] const analysis::HessianResult& result) const {
#ifdef MODESCAPE_WITH_GUI
        ui::writeSpectrumFigure(result, QString::fromStdString(figure_.path()), figure_.figure());
#endif
    }

    AnalysisOptions options_{analysis::hessianAnalysis()};
    SetArgument set_;
    FigureOptions figure_{800, 560};
    std::string out_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeHessianCommand() {
    return std::make_unique<HessianCommand>();
}

}  // namespace modescape::cli
