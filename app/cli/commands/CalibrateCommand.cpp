// `modescape calibrate SET [options] [--out report.json] [--png diagram.png
// [--size WxH]] [--json]`: the "calibrate" analysis (core/analysis/
// CalibrateAnalysis.h), whose table gives every option but the outputs —
// --members A,B | --group G, --split, --bins, --binning (--adaptive is its
// old spelling), --pairwise, --ensemble-size, --seed, --ood-score.
// --png renders the reliability diagram with the GUI's view (GUI build only).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <iostream>

#include "app/cli/AnalysisOptions.h"
#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/analysis/CalibrateAnalysis.h"
#include "core/analysis/CalibrateResultFile.h"
#include "core/analysis/EnsembleChoice.h"
#include "core/analysis/SetWorkspace.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/jobs/Device.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/ShareReportJson.h"
#include "core/parallel/SharedPredictions.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/calibration/ReliabilityDiagramImage.h"
#endif

namespace modescape::cli {
namespace {

class CalibrateCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand("calibrate", options_.analysis().info().summary);
        set_.define(*app);
        options_.define(*app);
        options_.option("group")->excludes(options_.option("members"));
        // The old spelling of --binning equal_mass.
        app->add_flag("--adaptive", adaptive_, "Reliability table with equal-mass bins")
            ->excludes(options_.option("binning"));
        app->add_option("--out", out_,
                        "Also write the JSON report to this file (atomically), with the exact "
                        "fields the window needs to show it again (\"exact\")");
        figure_.define(*app, "the reliability diagram of the model average");
        app->add_flag("--json", json_, "Print the JSON report");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the bins elsewhere");
        io::checkOutputFile(out_);
        nlohmann::json extra = nlohmann::json::object();
        if (adaptive_)
            extra["binning"] = calibration::binningName(calibration::BinningStrategy::EqualMass);
        options_.values(extra);  // bad values are refused before the set is opened
        analysis::SetWorkspace workspace(set_.open(context));
        extra["set"] = workspace.set().folder;
        const analysis::ParameterValues values = options_.values(extra, &workspace.set());
        // Under mpirun the members' forward passes are shared over the ranks
        // first; rank 0 then calibrates from its prediction cache (docs/mpi.md).
        const auto start = std::chrono::steady_clock::now();
        parallel::ShareReport share = sharedPredictions(workspace, values, context);
        if (parallel::rank() != 0)
            return 0;
        const std::any any = options_.analysis().run(workspace, values, context);
        share.seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const auto& result = std::any_cast<const analysis::CalibrateResult&>(any);
        const calibration::CalibrationReport& report = result.calibrated.report;
        if (figure_.requested())
            writeDiagram(result);

        nlohmann::json out = options_.analysis().resultJson(any);
        out["provenance"] = analysis::provenance(options_.analysis(), values);
        // --out also keeps what the GUI needs to show the report again
        // ("exact", as the result cache's file): it can follow a job elsewhere.
        if (!out_.empty())
            io::writeFileAtomically(out_, analysis::calibrateFileJson(result, out).dump(2) + "\n");
        if (json_) {
            parallel::addShareJson(out, share, "members_per_second");
            std::cout << out.dump(2) << '\n';
            return 0;
        }
        std::printf("model average of %zu members on %s\n", result.calibrated.names.size(),
                    result.data.c_str());
        std::printf("  %s data: %s\n", result.split.c_str(), result.normalization.c_str());
        // calibrateSet has already warned (the GUI's log sees it too).
        if (!result.nearChance.empty())
            std::printf("  warning: %s\n", result.nearChance.c_str());
        for (const auto& name : result.calibrated.leftOut)
            std::printf("  left out: %s (non-finite predictions)\n", name.c_str());
        std::printf("  accuracy %.2f%%  NLL %.4f  Brier %.4f  ECE %.2f%%  MCE %.2f%%\n",
                    100 * report.bma.accuracy, report.bma.nll, report.bma.brier,
                    100 * report.bma.ece, 100 * report.bma.mce);
        std::printf("  AURC %.4f  smooth ECE %.2f%%  signed ECE %+.2f%%  class-wise ECE %.2f%%\n",
                    report.bma.aurc, 100 * report.bma.smoothEce, 100 * report.bma.signedEce,
                    100 * report.bma.classwiseEce);
        if (report.ood)
            std::printf("  OOD: AUROC %.4f  AUPR %.4f  FPR95 %.4f\n", report.ood->metrics.auroc,
                        report.ood->metrics.aupr, report.ood->metrics.fpr95);
        return 0;
    }

    bool distributes() const override { return true; }

  private:
    // The members' predictions shared over the ranks under mpirun, into rank
    // 0's prediction cache; a plain run's report: one rank, every member.
    static parallel::ShareReport sharedPredictions(analysis::SetWorkspace& workspace,
                                                   const analysis::ParameterValues& values,
                                                   const JobContext& context) {
        const auto members = analysis::chosenMembers(values, workspace.set());
        if (!parallel::running())  // a plain run: the analysis computes them itself
            return parallel::aloneReport(static_cast<std::int64_t>(members.size()),
                                         describeDevice(context.device), 0.0);
        std::vector<std::string> roles{values.at("split").get<std::string>()};
        if (workspace.loaded().hasRole("ood"))
            roles.push_back("ood");
        return parallel::sharePredictions(workspace.loaded(), workspace.predictions(), members,
                                          roles, context);
    }

    void writeDiagram([[maybe_unused]] const analysis::CalibrateResult& result) const {
#ifdef MODESCAPE_WITH_GUI
        const std::string subject =
            (result.group.empty() ? std::string("model average") : result.group + " BMA") + " (" +
            std::to_string(result.calibrated.names.size()) + " members, " + result.split + ")";
        const calibration::CalibrationReport& report = result.calibrated.report;
        ui::writeReliabilityDiagramFigure(
            {report.table, subject, report.curves, report.bma.aurc, report.bma.smoothEce},
            QString::fromStdString(figure_.path()), figure_.figure());
#endif
    }

    AnalysisOptions options_{analysis::calibrateAnalysis()};
    SetArgument set_;
    std::string out_;
    FigureOptions figure_{800, 640};
    bool adaptive_ = false, json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeCalibrateCommand() {
    return std::make_unique<CalibrateCommand>();
}

}  // namespace modescape::cli
