// `modescape eval SET [--data ROLE] [--members A,B] [--json] [--no-cache]`:
// accuracy and NLL of every member on one of the set's datasets.
#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "app/cli/commands/Commands.h"
#include "app/cli/commands/SetArgument.h"
#include "core/common/Error.h"
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
#include "core/jobs/Device.h"
#include "core/jobs/ProgressPart.h"
#include "core/parallel/Mpi.h"
#include "core/parallel/ShareReportJson.h"
#include "core/parallel/SharedWork.h"

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

        if (!names.empty() && parallel::rank() == 0)
            evaluation::warnIfLongForwardJob(loaded.model(), loaded.weights(names.front()), data,
                                             std::int64_t(names.size()), data.size(), "--members");
        const evaluation::PredictionCache cache;
        // One member's row: its scores on the data (a warning when not finite).
        const auto rowOf = [&](const std::string& name, const JobContext& job) {
            const model::ParameterSet weights = loaded.weights(name);
            const at::Tensor p =
                noCache_ ? evaluation::predictProbabilities(loaded.model(), weights, data, job)
                         : cache.probabilities(loaded.model(), loaded.modelDescription(), weights,
                                               data, job);
            const auto scores = evaluation::scoreProbabilities(p, data.labels);
            nlohmann::json row{{"name", name},
                               {"group", loaded.set().findMember(name)->group},
                               {"finite", scores.finite},
                               {"accuracy", scores.accuracy},
                               {"nll", scores.nll}};
            if (!scores.finite) {
                // No score: NaN would read as 50% accuracy and an NLL of -nan.
                row["accuracy"] = row["nll"] = nullptr;
                log::warning(evaluation::describeNonFinite(name, data.spec));
            }
            return row;
        };
        // The members are the units, shared over the ranks under mpirun
        // (docs/mpi.md): each chunk's rows travel as JSON.
        std::vector<nlohmann::json> byMember(names.size());
        parallel::SharedWork work;
        for (std::size_t i = 0; i < names.size(); ++i)
            work.todo.push_back(static_cast<std::int64_t>(i));
        work.task = "eval";
        work.units = "members";
        work.device = describeDevice(context.device);
        work.compute = [&](const std::vector<std::int64_t>& units, const JobContext& job) {
            nlohmann::json rows = nlohmann::json::array();
            for (std::size_t u = 0; u < units.size(); ++u) {
                const auto i = static_cast<std::size_t>(units[u]);
                const double from = double(u) / double(units.size());
                rows.push_back(rowOf(
                    names.at(i), progressPart(job, from, double(u + 1) / double(units.size()))));
            }
            return rows.dump();
        };
        work.take = [&](int, const std::vector<std::int64_t>& units, const std::string& payload) {
            const nlohmann::json rows = nlohmann::json::parse(payload, nullptr, false);
            if (!rows.is_array() || rows.size() != units.size())
                throw FormatError("work message", "a chunk of members' rows does not read");
            for (std::size_t u = 0; u < units.size(); ++u)
                byMember.at(static_cast<std::size_t>(units[u])) = rows[u];
        };
        const parallel::ShareReport share = parallel::shareWork(work, context);
        if (parallel::rank() != 0)
            return 0;  // rank 0 prints
        nlohmann::json rows = nlohmann::json::array();
        std::vector<std::string> nonFinite;
        std::vector<double> accuracies;
        for (const auto& row : byMember) {
            if (row["finite"].get<bool>())
                accuracies.push_back(row["accuracy"].get<double>());
            else
                nonFinite.push_back(row["name"].get<std::string>());
            rows.push_back(row);
        }
        const std::string nearChance = evaluation::nearChanceWarning(accuracies, data, role_);
        if (!nearChance.empty())
            log::warning(nearChance);
        if (json_) {
            nlohmann::json j{{"set", loaded.set().folder},
                             {"data", data.spec},
                             {"normalization", data::describeNormalization(data)},
                             {"near_chance", nearChance.empty() ? nlohmann::json(nullptr)
                                                                : nlohmann::json(nearChance)},
                             {"role", role_},
                             {"samples", data.size()},
                             {"members", rows},
                             {"non_finite_members", nonFinite}};
            parallel::addShareJson(j, share, "members_per_second");  // how the work was shared
            std::cout << j.dump(2) << '\n';
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

    bool distributes() const override { return true; }  // members (docs/mpi.md)

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
