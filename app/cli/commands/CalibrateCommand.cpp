// `modescape calibrate SET [--members A,B|--group G] [--bins 15] [--adaptive]
// [--split test] [--pairwise] [--ensemble-size] [--out report.json]
// [--png diagram.png [--size WxH]] [--json]`: accuracy, NLL, Brier, ECE, MCE
// of each member and of the Bayesian model average, diversity, and OOD
// detection when the set has an OOD split. Predictions come from the cache,
// one member at a time (docs/large-sets.md).
// --png renders the reliability diagram with the GUI's view (GUI build only).
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/commands/Commands.h"
#include "app/cli/commands/FigureOptions.h"
#include "app/cli/commands/SetArgument.h"
#include "core/calibration/CalibrationJson.h"
#include "core/calibration/CalibrationReport.h"
#include "core/common/Error.h"
#include "core/data/Normalization.h"
#include "core/evaluation/CalibrationInput.h"
#include "core/evaluation/NearChance.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputPath.h"
#include "core/io/set/OpenSet.h"
#include "core/projection/MemberRowSource.h"

#ifdef MODESCAPE_WITH_GUI
#include "ui/views/calibration/ReliabilityDiagramImage.h"
#endif

namespace modescape::cli {
namespace {

class CalibrateCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "calibrate",
            "Calibration, uncertainty and OOD metrics of members and of their model average");
        set_.define(*app);
        auto* members =
            app->add_option("--members", members_, "Members to average (comma-separated)")
                ->delimiter(',');
        app->add_option("--group", group_, "Average the members of this group")->excludes(members);
        app->add_option("--bins", bins_, "Equal-width bins (default 15)")
            ->check(CLI::Range(1, 1000));
        app->add_flag("--adaptive", adaptive_, "Reliability table with equal-mass bins");
        app->add_option("--split", split_, "Dataset role to calibrate on (default test)")
            ->check(CLI::IsMember({"train", "test", "validation"}));
        app->add_flag("--pairwise", pairwise_,
                      "Also report the mutual information of every pair of members (O(M^2))");
        app->add_flag("--ensemble-size", curve_,
                      "Also report the metrics of the average of the first k members, k = 1..M");
        app->add_option("--seed", seed_, "Seed of the --ensemble-size member order (default 0)");
        app->add_option("--out", out_, "Also write the JSON report to this file (atomically)");
        figure_.define(*app, "the reliability diagram of the model average");
        app->add_flag("--json", json_, "Print the JSON report");
        return app;
    }

    int run(const JobContext& context) override {
        figure_.checkCanRender("use --json or --out and plot the bins elsewhere");
        io::checkOutputFile(out_);
        evaluation::LoadedSet loaded(set_.open(context));
        const data::Dataset& data = loaded.dataset(split_);
        calibration::StreamedCalibrationOptions options;
        options.calibration.evaluation.bins = bins_;
        if (adaptive_)
            options.calibration.evaluation.tableStrategy = calibration::BinningStrategy::EqualMass;
        options.calibration.pairwise = pairwise_;
        options.calibration.ensembleSizeCurve = curve_;
        options.calibration.seed = seed_;
        options.workingBytes = projection::streamingWorkingBytes();
        // One member's predictions in memory at a time; members with non-finite
        // predictions are left out (and warned about).
        const evaluation::SetCalibration calibrated = evaluation::calibrateSet(
            loaded, selectedMembers(loaded.set()), split_, options, context);
        const std::vector<std::string>& names = calibrated.names;
        const std::vector<std::string>& nonFinite = calibrated.leftOut;
        const calibration::CalibrationReport& report = calibrated.report;
        if (figure_.requested())
            writeDiagram(report, names.size());

        nlohmann::json out = calibration::toJson(report, names);
        out["set"] = loaded.set().folder;
        out["data"] = data.spec;
        out["normalization"] = data::describeNormalization(data);
        // loadCalibrationSet has already warned (the GUI's log sees it too).
        std::vector<double> accuracies;
        for (const auto& member : report.members)
            accuracies.push_back(member.metrics.accuracy);
        const std::string nearChance = evaluation::nearChanceWarning(accuracies, data, split_);
        out["near_chance"] =
            nearChance.empty() ? nlohmann::json(nullptr) : nlohmann::json(nearChance);
        out["non_finite_members"] = nonFinite;
        if (!out_.empty())
            io::writeFileAtomically(out_, out.dump(2) + "\n");
        if (json_) {
            std::cout << out.dump(2) << '\n';
        } else {
            std::printf("model average of %zu members on %s\n", names.size(), data.spec.c_str());
            std::printf("  %s data: %s\n", split_.c_str(),
                        data::describeNormalization(data).c_str());
            if (!nearChance.empty())
                std::printf("  warning: %s\n", nearChance.c_str());
            for (const auto& name : nonFinite)
                std::printf("  left out: %s (non-finite predictions)\n", name.c_str());
            std::printf("  accuracy %.2f%%  NLL %.4f  Brier %.4f  ECE %.2f%%  MCE %.2f%%\n",
                        100 * report.bma.accuracy, report.bma.nll, report.bma.brier,
                        100 * report.bma.ece, 100 * report.bma.mce);
            if (report.ood)
                std::printf("  OOD: AUROC %.4f  AUPR %.4f  FPR95 %.4f\n", report.ood->metrics.auroc,
                            report.ood->metrics.aupr, report.ood->metrics.fpr95);
        }
        return 0;
    }

  private:
    void writeDiagram([[maybe_unused]] const calibration::CalibrationReport& report,
                      [[maybe_unused]] std::size_t members) const {
#ifdef MODESCAPE_WITH_GUI
        const std::string subject =
            (group_.empty() ? std::string("model average") : group_ + " BMA") + " (" +
            std::to_string(members) + " members, " + split_ + ")";
        ui::writeReliabilityDiagramImage({report.table, subject}, figure_.path(), figure_.width(),
                                         figure_.height());
#endif
    }

    std::vector<std::string> selectedMembers(const io::CheckpointSet& set) const {
        std::vector<std::string> names;
        for (const auto& m : set.members)
            if (group_.empty() || m.group == group_)
                names.push_back(m.name);
        if (!members_.empty()) {
            for (const auto& n : members_)
                if (!set.findMember(n))
                    throw InvalidArgument(set.folder + ": no member named '" + n + "'");
            names = members_;
        }
        if (names.empty())
            throw InvalidArgument(set.folder + ": no member in group '" + group_ + "'");
        return names;
    }

    SetArgument set_;
    std::string group_, split_ = "test", out_;
    FigureOptions figure_{800, 640};
    std::vector<std::string> members_;
    int bins_ = 15;
    std::uint64_t seed_ = 0;
    bool adaptive_ = false, json_ = false, pairwise_ = false, curve_ = false;
};

}  // namespace

std::unique_ptr<Command> makeCalibrateCommand() {
    return std::make_unique<CalibrateCommand>();
}

}  // namespace modescape::cli
