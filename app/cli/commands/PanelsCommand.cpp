// `modescape panels SET [--pair-tensor NAME] [--element-a I] [--element-b J]
// [--index-tensor NAME] [--symmetry scaling+permutation|scaling] [--bins N]
// [--out FILE.json] [--png FILE [--size WxH]] [--json]`: the numbers of the
// GUI's "Symmetry panels" tab (the "panels" analysis): a pair of weights and the
// unit of a layer's largest weight, raw and symmetry-removed, as histograms;
// each member's L2 mass, minimal mass and excess mass; the groups' MMD table.
// --png renders the panels with the GUI's own panel widgets (GUI build only).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/TerminalProgress.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/Registry.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/TerminalText.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/symmetry/SymmetryPanelsResult.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/map/SymmetryPanelsImage.h"
#endif

namespace modescape::cli {
namespace {

using symmetry::SymmetryPanelsResult;

void printPairHistogram(const char* title, const symmetry::SquareHistogram2d& h) {
    std::printf("%s: %d x %d bins over [%.6g, %.6g] on both axes (bin width %.6g)\n", title, h.bins,
                h.bins, h.lo, h.hi, (h.hi - h.lo) / h.bins);
    for (int y = h.bins - 1; y >= 0; --y) {  // the top row first, as drawn
        std::printf("  y bin %3d:", y);
        for (int x = 0; x < h.bins; ++x)
            std::printf(" %lld", static_cast<long long>(h.count(x, y)));
        std::printf("\n");
    }
}

void printUnitHistogram(const char* title, const symmetry::GroupIndexHistogram& h) {
    std::printf("%s: members per unit (%d units)\n", title, h.units);
    for (std::size_t g = 0; g < h.groups.size(); ++g) {
        std::printf("  %-20.20s", terminalSafe(h.groups[g]).c_str());
        for (std::int64_t n : h.counts[g])
            std::printf(" %lld", static_cast<long long>(n));
        std::printf("\n");
    }
}

void printText(const SymmetryPanelsResult& r) {
    const auto& d = r.data;
    const std::string tensor = terminalSafe(d.pairTensor);
    std::printf("symmetry panels of %zu members; raw vs %s\n", d.members.size(),
                d.removedSpace.c_str());
    std::printf("pair of weights: %s[%lld] x %s[%lld]; largest weight of %s (%d units)\n",
                tensor.c_str(), static_cast<long long>(d.elementA), tensor.c_str(),
                static_cast<long long>(d.elementB), terminalSafe(d.indexTensor).c_str(), d.units);
    std::printf("%-24s %-12s %12s %12s %12s %12s %4s %4s %12s %12s %12s\n", "member", "group",
                "raw x", "raw y", "removed x", "removed y", "unit", "rem.", "mass", "minimal",
                "excess");
    for (std::size_t i = 0; i < d.members.size(); ++i)
        std::printf("%-24.24s %-12.12s %12.6g %12.6g %12.6g %12.6g %4d %4d %12.6g %12.6g %12.6g\n",
                    terminalSafe(d.members[i]).c_str(), terminalSafe(d.groups[i]).c_str(),
                    d.rawA[i], d.rawB[i], d.removedA[i], d.removedB[i], d.rawMaxUnit[i],
                    d.removedMaxUnit[i], d.mass[i], d.minimalMass[i], d.excessMass[i]);
    const auto& h = r.histograms;
    printPairHistogram("raw weights", h.rawPair);
    printPairHistogram("symmetry removed", h.removedPair);
    printUnitHistogram("largest weight, raw", h.rawUnit);
    printUnitHistogram("largest weight, removed", h.removedUnit);
    std::printf("excess mass (mass / minimal mass - 1): %zu bins over [%.6g, %.6g]:",
                h.excessMass.counts.size(), h.excessMass.lo, h.excessMass.hi);
    for (std::int64_t n : h.excessMass.counts)
        std::printf(" %lld", static_cast<long long>(n));
    const symmetry::ExcessMassSummary excess = symmetry::summariseExcessMass(d);
    std::printf("\nexcess mass: mean %.6g, minimum %.6g, maximum %.6g\n", excess.mean,
                excess.minimum, excess.maximum);
    if (!r.mmd) {
        std::printf("MMD: %s\n", r.mmdMessage.c_str());
        return;
    }
    const auto& table = r.mmd->table;
    std::printf("max MMD^2 over kernels and bandwidths, in %s\n", r.mmd->space.c_str());
    std::printf("%-20s", "");
    for (const auto& g : table.groups)
        std::printf(" %14.14s", terminalSafe(g).c_str());
    std::printf("\n");
    for (std::size_t a = 0; a < table.groups.size(); ++a) {
        std::printf("%-20.20s", terminalSafe(table.groups[a]).c_str());
        for (std::size_t b = 0; b < table.groups.size(); ++b)
            std::printf(" %14.6g", table.maximum(Eigen::Index(a), Eigen::Index(b)));
        std::printf("\n");
    }
    std::printf("MMD: %s\n", r.mmd->algorithm.c_str());
}

class PanelsCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand("panels", analysis_.info().summary);
        set_.define(*app);
        options_.define(*app);
        app->add_option("--out", out_, "Also write the JSON result to this file (atomically)");
        figure_.define(*app, "the panels");
        app->add_flag("--json", json_, "Print the result as JSON");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the histograms elsewhere");
        io::checkOutputFile(out_);
        analysis::SetWorkspace workspace(set_.open(context));
        const analysis::ParameterValues values =
            options_.values({{"set", set_.folder()}}, &workspace.set());
        const std::any result = analysis_.run(workspace, values, context);
        finishTerminalProgress();
        const auto& panels = std::any_cast<const SymmetryPanelsResult&>(result);
        nlohmann::json out = analysis_.resultJson(result);
        out["provenance"] = analysis::provenance(analysis_, values);
        if (!out_.empty())
            io::writeFileAtomically(out_, out.dump(2) + "\n");
        if (figure_.requested())
            writePanels(panels);
        if (json_)
            std::cout << out.dump(2) << '\n';
        else
            printText(panels);
        return 0;
    }

  private:
    void writePanels([[maybe_unused]] const SymmetryPanelsResult& panels) const {
#ifdef MODESCAPE_WITH_GUI
        ui::writeSymmetryPanelsFigure(panels, QString::fromStdString(figure_.path()),
                                      figure_.figure());
#endif
    }

    const analysis::Analysis& analysis_ = analysis::analysisNamed("panels");
    SetArgument set_;
    AnalysisOptions options_{analysis_};
    FigureOptions figure_{1100, 600};
    std::string out_;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makePanelsCommand() {
    return std::make_unique<PanelsCommand>();
}

}  // namespace modescape::cli
