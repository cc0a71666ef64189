// `modescape uncertainty SET [options] [--per-sample] [--json] [--out FILE.json]`:
// the "uncertainty" analysis (core/analysis/UncertaintyAnalysis.h) — the
// numbers the GUI's Uncertainty view draws: the ensemble-size curve, the OOD
// scores' detection metrics and histograms, and the pairwise mutual
// information between members with its histograms.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/UncertaintyAnalysis.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"

namespace modescape::cli {
namespace {

class UncertaintyCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand("uncertainty", options_.analysis().info().summary);
        set_.define(*app);
        options_.define(*app);
        options_.option("group")->excludes(options_.option("members"));
        app->add_flag("--per-sample", perSample_,
                      "Also write every sample's OOD scores into the JSON report");
        app->add_option("--out", out_, "Also write the JSON report to this file (atomically)");
        app->add_flag("--json", json_, "Print the JSON report");
        return app;
    }

    int run(const JobContext& context) override {
        io::checkOutputFile(out_);
        options_.values();  // bad values are refused before the set is opened
        analysis::SetWorkspace workspace(set_.open(context));
        const analysis::ParameterValues values =
            options_.values({{"set", workspace.set().folder}}, &workspace.set());
        std::any any = options_.analysis().run(workspace, values, context);
        auto& result = std::any_cast<analysis::UncertaintyResult&>(any);
        result.perSample = perSample_;
        nlohmann::json out = options_.analysis().resultJson(any);
        out["provenance"] = analysis::provenance(options_.analysis(), values);
        if (!out_.empty())
            io::writeFileAtomically(out_, out.dump(2) + "\n");
        if (json_)
            std::cout << out.dump(2) << '\n';
        else
            printSummary(result);
        return 0;
    }

  private:
    static void printSummary(const analysis::UncertaintyResult& result) {
        const calibration::UncertaintyReport& report = result.report;
        std::printf("uncertainty of %zu members on %s\n", result.names.size(), result.data.c_str());
        for (const auto& name : result.leftOut)
            std::printf("  left out: %s (non-finite predictions)\n", name.c_str());
        std::printf("  mutual information %.4f nats  disagreement %.4f\n",
                    report.diversity.mutualInformation, report.diversity.disagreement);
        if (!report.curve.points.empty()) {
            const auto& first = report.curve.points.front().metrics;
            const auto& last = report.curve.points.back().metrics;
            std::printf("  ensemble size 1 -> %zu: accuracy %.2f%% -> %.2f%%  NLL %.4f -> %.4f\n",
                        report.curve.points.size(), 100 * first.accuracy, 100 * last.accuracy,
                        first.nll, last.nll);
        }
        for (const auto& score : report.ood)
            std::printf("  OOD by %s: AUROC %.4f  AUPR %.4f  FPR95 %.4f\n",
                        calibration::oodScoreName(score.score), score.metrics.auroc,
                        score.metrics.aupr, score.metrics.fpr95);
        if (const auto best = calibration::bestOodScore(report.ood)) {
            for (const auto& score : report.ood)
                if (score.score == *best)
                    std::printf("  best OOD score: %s (AUROC %.4f)\n",
                                calibration::oodScoreName(*best), score.metrics.auroc);
            for (const auto& score : report.ood)
                if (score.metrics.auroc < 0.5)
                    std::printf("  %s: %s\n", calibration::oodScoreName(score.score),
                                calibration::aurocReading(score.metrics.auroc).c_str());
        }
        if (report.ood.empty())
            std::printf("  no OOD split: add a dataset with the role \"ood\" for OOD scores\n");
        if (!report.pairwise)
            std::printf(
                "  pairwise mutual information left out (more members than "
                "--max-pairwise-members)\n");
        else if (!report.pairwise->values.empty()) {
            double sum = 0;
            for (const double v : report.pairwise->values)
                sum += v;
            std::printf("  pairwise mutual information: mean %.4f nats over %zu pairs\n",
                        sum / double(report.pairwise->values.size()),
                        report.pairwise->values.size());
        }
    }

    AnalysisOptions options_{analysis::uncertaintyAnalysis()};
    SetArgument set_;
    std::string out_;
    bool perSample_ = false, json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeUncertaintyCommand() {
    return std::make_unique<UncertaintyCommand>();
}

}  // namespace modescape::cli
