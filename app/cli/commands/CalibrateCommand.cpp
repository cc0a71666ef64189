// `modescape calibrate SET [--members A,B|--group G] [--bins 15] [--adaptive]
// [--split test] [--out report.json] [--json]`: accuracy, NLL, Brier, ECE, MCE
// of each member and of the Bayesian model average, diversity, and OOD
// detection when the set has an OOD split. Predictions come from the cache.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <ATen/ATen.h>

#include <cstdio>
#include <iostream>

#include "app/cli/commands/Commands.h"
#include "core/calibration/CalibrationJson.h"
#include "core/calibration/CalibrationReport.h"
#include "core/calibration/TensorInput.h"
#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/PredictionCache.h"
#include "core/io/AtomicFile.h"
#include "core/io/set/OpenSet.h"

namespace modescape::cli {
namespace {

class CalibrateCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "calibrate",
            "Calibration, uncertainty and OOD metrics of members and of their model average");
        app->add_option("SET", set_, "Checkpoint-set folder")->required();
        auto* members =
            app->add_option("--members", members_, "Members to average (comma-separated)")
                ->delimiter(',');
        app->add_option("--group", group_, "Average the members of this group")->excludes(members);
        app->add_option("--bins", bins_, "Equal-width bins (default 15)")
            ->check(CLI::Range(1, 1000));
        app->add_flag("--adaptive", adaptive_, "Reliability table with equal-mass bins");
        app->add_option("--split", split_, "Dataset role to calibrate on (default test)")
            ->check(CLI::IsMember({"train", "test", "validation"}));
        app->add_option("--out", out_, "Also write the JSON report to this file (atomically)");
        app->add_flag("--json", json_, "Print the JSON report");
        return app;
    }

    int run(const JobContext& context) override {
        evaluation::LoadedSet loaded(io::openCheckpointSet(set_, context));
        const std::vector<std::string> names = selectedMembers(loaded.set());
        const data::Dataset& data = loaded.dataset(split_);
        const bool hasOod = loaded.hasRole("ood");

        const evaluation::PredictionCache cache;
        std::vector<at::Tensor> inDist, outDist;
        for (std::size_t i = 0; i < names.size(); ++i) {
            context.report(double(i) / names.size(), "predictions of " + names[i]);
            const model::ParameterSet w = loaded.weights(names[i]);
            inDist.push_back(
                cache.probabilities(loaded.model(), loaded.modelDescription(), w, data, context));
            if (hasOod)
                outDist.push_back(cache.probabilities(loaded.model(), loaded.modelDescription(), w,
                                                      loaded.dataset("ood"), context));
        }
        std::optional<calibration::MemberProbabilities> ood;
        if (hasOod)
            ood = calibration::memberProbabilitiesFromTensor(at::stack(outDist));
        const calibration::CalibrationSet calibrationSet(
            calibration::memberProbabilitiesFromTensor(at::stack(inDist)),
            calibration::labelsFromTensor(data.labels), names, std::move(ood));
        calibration::CalibrationOptions options;
        options.evaluation.bins = bins_;
        if (adaptive_)
            options.evaluation.tableStrategy = calibration::BinningStrategy::EqualMass;
        std::map<std::string, calibration::MemberGroup> groups;
        for (std::size_t i = 0; i < names.size(); ++i) {
            const std::string& g = loaded.set().findMember(names[i])->group;
            groups[g].name = g;
            groups[g].members.push_back(static_cast<std::int64_t>(i));
        }
        for (auto& [name, group] : groups)
            options.groups.push_back(group);
        const auto selection = calibrationSet.allMembers();
        const auto report = calibration::calibrate(calibrationSet, selection, options, context);

        nlohmann::json out = calibration::toJson(report, names);
        out["set"] = loaded.set().folder;
        out["data"] = data.spec;
        if (!out_.empty())
            io::writeFileAtomically(out_, out.dump(2) + "\n");
        if (json_) {
            std::cout << out.dump(2) << '\n';
        } else {
            std::printf("model average of %zu members on %s\n", names.size(), data.spec.c_str());
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

    std::string set_, group_, split_ = "test", out_;
    std::vector<std::string> members_;
    int bins_ = 15;
    bool adaptive_ = false, json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeCalibrateCommand() {
    return std::make_unique<CalibrateCommand>();
}

}  // namespace modescape::cli
