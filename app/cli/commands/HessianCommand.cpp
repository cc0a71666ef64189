// `modescape hessian SET [--member NAME] [--top K] [--split test] [--subset N]
// [--trace auto|exact|hutch++] [--per-layer] [--density] [--out FILE.json] [--figure FILE]
// [--directions FILE.safetensors [--direction-pair I,J] [--direction-norm
// filter|layer|none]] [--json]`: the "hessian" analysis (core/analysis/
// HessianAnalysis.h), whose table gives every option but the outputs.
// --figure draws the spectrum with the GUI's own paint function (GUI build
// only); --directions writes eigenvectors I and J as a landscape direction
// file and prints the curvature along each (docs/hessian.md).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <algorithm>
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
#include "core/landscape/DirectionFile.h"
#include "core/landscape/HessianDirections.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/hessian/SpectrumFigure.h"
#endif

namespace modescape::cli {
namespace {

// "+- 0.0012" after a block trace Hutch++ estimated; nothing after an exact one.
std::string traceErrorText(double standardError) {
    if (!(standardError > 0))
        return {};
    char text[32];
    std::snprintf(text, sizeof text, "+- %.2g", standardError);
    return text;
}

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
    bool perLayer = false;
    for (const auto& l : s.layers)
        perLayer = perLayer || l.steps > 0;
    if (perLayer) {
        std::printf("  per layer (each tensor's own Hessian block):\n");
        std::printf("    %-28s %10s %14s %14s %-12s\n", "tensor", "parameters", "lambda_max",
                    "trace", "");
        for (const auto& l : s.layers)
            std::printf("    %-28s %10lld %14.8g %14.8g %-12s%s\n", terminalSafe(l.name).c_str(),
                        static_cast<long long>(l.size), l.lambdaMax, l.trace,
                        traceErrorText(l.traceStandardError).c_str(),
                        l.converged ? "" : "  (NOT converged)");
    }
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
        app->add_option("--directions", directions_,
                        "Write eigenvectors I and J (--direction-pair) as a landscape direction "
                        "file (safetensors) for `landscape --center MEMBER --dirs file:FILE`");
        app->add_option("--direction-pair", pair_,
                        "The eigenvectors --directions writes, by rank (default: 1,2)")
            ->delimiter(',')
            ->expected(2)
            ->check(CLI::PositiveNumber);
        app->add_option("--direction-norm", norm_,
                        "Rescale the written directions like random ones: filter, layer or none "
                        "(default: none, the unit eigenvectors)")
            ->check(CLI::IsMember(wordsOf(landscape::kNormalizationWords)));
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the density elsewhere");
        io::checkOutputFile(out_);
        // Bad values are refused before the set is opened.
        const analysis::ParameterValues given = options_.values({});
        if (!directions_.empty()) {
            io::checkOutputFile(directions_);
            const int top = given.at("top").get<int>();
            if (std::max(pair_[0], pair_[1]) > top)
                throw InvalidArgument("--direction-pair: eigenvector " +
                                      std::to_string(std::max(pair_[0], pair_[1])) +
                                      " needs --top " +
                                      std::to_string(std::max(pair_[0], pair_[1])) +
                                      " or more (it is " + std::to_string(top) + ")");
        }
        analysis::SetWorkspace workspace(set_.open(context));
        const analysis::ParameterValues values =
            options_.values({{"set", workspace.set().folder}}, &workspace.set());
        const std::any any = options_.analysis().run(workspace, values, context);
        finishTerminalProgress();
        const auto& result = std::any_cast<const analysis::HessianResult&>(any);
        nlohmann::json out = options_.analysis().resultJson(any);
        if (!directions_.empty())
            out["directions"] = writeDirections(workspace, values, result);
        out["provenance"] = analysis::provenance(options_.analysis(), values);
        if (!out_.empty())
            io::writeFileAtomically(out_, out.dump(2) + "\n");
        if (figure_.requested())
            writeSpectrum(result);
        if (json_) {
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        printText(result);
        if (!directions_.empty()) {
            const auto& d = out["directions"];
            std::printf(
                "  directions %s: eigenvectors %d and %d (norm %s); curvature d'Hd/d'd "
                "along each %.8g and %.8g\n",
                terminalSafe(directions_).c_str(), pair_[0], pair_[1], norm_.c_str(),
                d["curvature"][0].get<double>(), d["curvature"][1].get<double>());
        }
        return 0;
    }

  private:
    // Eigenvectors I and J over the member's tensors, the curvature of the
    // loss along each (two more products), and the file.
    nlohmann::json writeDirections(analysis::SetWorkspace& workspace,
                                   const analysis::ParameterValues& values,
                                   const analysis::HessianResult& result) const {
        const hessian::HessianSettings settings = analysis::hessianSettingsFrom(values);
        const data::Dataset& data = workspace.loaded().dataset(result.split);
        const data::Dataset used = hessian::lossData(data, settings.subset, settings.seed);
        const model::ParameterSet weights = workspace.loaded().weights(result.member);
        const hessian::HessianOperator op(workspace.model(), weights, used.inputs, used.labels,
                                          settings.batchSize, DeviceKind::Cpu);
        const auto norm = parseWord(norm_, landscape::kNormalizationWords, "normalisation");
        const auto& s = result.spectrum;
        const model::ParameterSet x = landscape::directionOf(
            s.top.vectors[std::size_t(pair_[0] - 1)], s.blocks, weights, norm);
        const model::ParameterSet y = landscape::directionOf(
            s.top.vectors[std::size_t(pair_[1] - 1)], s.blocks, weights, norm);
        landscape::writeDirectionFile(directions_, x, y);
        return {
            {"file", directions_},
            {"pair", {pair_[0], pair_[1]}},
            {"norm", norm_},
            {"curvature", {landscape::curvatureAlong(op, x), landscape::curvatureAlong(op, y)}}};
    }

    void writeSpectrum([[maybe_unused]] const analysis::HessianResult& result) const {
#ifdef MODESCAPE_WITH_GUI
        ui::writeSpectrumFigure(result, QString::fromStdString(figure_.path()), figure_.figure());
#endif
    }

    AnalysisOptions options_{analysis::hessianAnalysis()};
    SetArgument set_;
    FigureOptions figure_{800, 560};
    std::string out_, directions_, norm_ = "none";
    std::vector<int> pair_{1, 2};
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeHessianCommand() {
    return std::make_unique<HessianCommand>();
}

}  // namespace modescape::cli
