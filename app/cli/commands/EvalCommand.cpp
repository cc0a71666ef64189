// `modescape eval SET [--data ROLE] [--members A,B] [--json] [--no-cache]`:
// accuracy and NLL of every member on one of the set's datasets.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "core/common/Log.h"
#include "core/common/TerminalText.h"
#include "core/data/Normalization.h"
#include "core/evaluation/Evaluator.h"
#include "core/evaluation/ForwardCost.h"
#include "core/evaluation/LoadedSet.h"
#include "core/evaluation/NearChance.h"
#include "core/evaluation/PredictionCache.h"
#include "core/io/set/OpenSet.h"
#include "core/io/set/SetOverrides.h"
#include "core/jobs/ProgressPart.h"

namespace modescape::cli {
namespace {

class EvalCommand : public Command {
  public:
    CLI::App* define(CLI::App& parent) override {
        CLI::App* app = parent.add_subcommand(
            "eval", "Accuracy and NLL of each member on a dataset of the set");
        set_.define(*app);
        app->add_option("--data", role_, "Dataset role (default test)")
            ->check(CLI::IsMember(io::datasetRoles()));
        app->add_option("--members", members_, "Only these members (comma-separated names)")
            ->delimiter(',');
        app->add_flag("--no-cache", noCache_, "Recompute predictions instead of using the cache");
        app->add_flag("--json", json_,
                      "Print "
                      "{\"data\",\"normalization\",\"members\":[{\"name\",\"finite\",\"accuracy\","
                      "\"nll\"},...],\"non_finite_members\":[...],\"near_chance\"}");
        return app;
    }

    int run(const JobContext& context) override {
        evaluation::LoadedSet loaded(set_.open(context));
        const data::Dataset& data = loaded.dataset(role_);
        std::vector<std::string> names = members_;
        if (names.empty())
            for (const auto& m : loaded.set().members)
                names.push_back(m.name);

        if (!names.empty())
            evaluation::warnIfLongForwardJob(loaded.model(), loaded.weights(names.front()), data,
                                             std::int64_t(names.size()), data.size(), "--members");
        const evaluation::PredictionCache cache;
        nlohmann::json rows = nlohmann::json::array();
        std::vector<std::string> nonFinite;
        std::vector<double> accuracies;
        for (std::size_t i = 0; i < names.size(); ++i) {
            context.checkCancelled();
            const double from = double(i) / double(names.size());
            context.report(from, "evaluating " + names[i]);
            // The forward's own progress moves the job's from this member to the next.
            const JobContext member =
                progressPart(context, from, double(i + 1) / double(names.size()));
            const model::ParameterSet weights = loaded.weights(names[i]);
            const at::Tensor p =
                noCache_ ? evaluation::predictProbabilities(loaded.model(), weights, data, member)
                         : cache.probabilities(loaded.model(), loaded.modelDescription(), weights,
                                               data, member);
            const auto scores = evaluation::scoreProbabilities(p, data.labels);
            nlohmann::json row{{"name", names[i]},
                               {"group", loaded.set().findMember(names[i])->group},
                               {"finite", scores.finite},
                               {"accuracy", scores.accuracy},
                               {"nll", scores.nll}};
            if (!scores.finite) {
                // No score: NaN would read as 50% accuracy and an NLL of -nan.
                row["accuracy"] = row["nll"] = nullptr;
                nonFinite.push_back(names[i]);
                log::warning(evaluation::describeNonFinite(names[i], data.spec));
            } else {
                accuracies.push_back(scores.accuracy);
            }
            rows.push_back(row);
        }
        const std::string nearChance = evaluation::nearChanceWarning(accuracies, data, role_);
        if (!nearChance.empty())
            log::warning(nearChance);
        if (json_) {
            std::cout << nlohmann::json{{"set", loaded.set().folder},
                                        {"data", data.spec},
                                        {"normalization", data::describeNormalization(data)},
                                        {"near_chance", nearChance.empty()
                                                            ? nlohmann::json(nullptr)
                                                            : nlohmann::json(nearChance)},
                                        {"role", role_},
                                        {"samples", data.size()},
                                        {"members", rows},
                                        {"non_finite_members", nonFinite}}
                             .dump(2)
                      << '\n';
        } else {
            std::printf("%s on %s (%lld samples)\n", terminalSafe(loaded.set().folder).c_str(),
                        terminalSafe(data.spec).c_str(), static_cast<long long>(data.size()));
            std::printf("%s data: %s\n", role_.c_str(),
                        terminalSafe(data::describeNormalization(data)).c_str());
            std::printf("%-40s %-16s %9s %9s\n", "member", "group", "accuracy", "nll");
            for (const auto& r : rows)
                if (r["finite"].get<bool>())
                    std::printf("%-40s %-16s %8.2f%% %9.4f\n",
                                terminalSafe(r["name"].get<std::string>()).c_str(),
                                terminalSafe(r["group"].get<std::string>()).c_str(),
                                100 * r["accuracy"].get<double>(), r["nll"].get<double>());
                else
                    std::printf("%-40s %-16s %s\n",
                                terminalSafe(r["name"].get<std::string>()).c_str(),
                                terminalSafe(r["group"].get<std::string>()).c_str(),
                                "non-finite predictions (NaN or Inf)");
        }
        return 0;
    }

  private:
    SetArgument set_;
    std::string role_ = "test";
    std::vector<std::string> members_;
    bool noCache_ = false;
    bool json_ = false;
};

}  // namespace

std::unique_ptr<Command> makeEvalCommand() {
    return std::make_unique<EvalCommand>();
}

}  // namespace modescape::cli
