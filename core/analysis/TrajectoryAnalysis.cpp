#include "core/analysis/TrajectoryAnalysis.h"

#include <cmath>

#include "core/analysis/EnsembleChoice.h"
#include "core/analysis/LandscapeAnalysis.h"
#include "core/analysis/ParameterText.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/TrajectoryResultFile.h"
#include "core/common/Error.h"
#include "core/landscape/LandscapeJson.h"
#include "core/trajectory/TrajectoryCompute.h"
#include "core/trajectory/TrajectoryMembers.h"

namespace modescape::analysis {
namespace {

using K = ParameterKind;
using trajectory::TrajectoryResult;

const TrajectoryResult& asResult(const std::any& any) {
    const auto* result = std::any_cast<TrajectoryResult>(&any);
    if (!result)
        throw InvalidArgument("trajectory: the result is not a trajectory");
    return *result;
}

nlohmann::json numberOrNull(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

class TrajectoryAnalysis : public Analysis {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "trajectory", "Trajectory",
            "Training trajectories drawn on the loss surface of their PCA plane, with each "
            "member's projection error"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list{
            setParameter(),
            parameter("groups", K::Text, "Trajectory groups",
                      "Groups drawn as paths (epochs of a run, a chain), comma-separated or "
                      "--group repeated; the plane is the PCA of all their members")
                .cli("--group")
                .byDefault("trajectory"),
            parameter("center", K::Text, "Centre",
                      "The member the plane is centred on: last (the first group's last "
                      "member) or a member's name")
                .byDefault(trajectory::kLastMember),
            parameter("scatter", K::Text, "Scatter groups",
                      "Groups drawn as a scatter on the plane (SWAG, HMC samples), "
                      "comma-separated; projected, not part of the PCA")
                .byDefault("")
                .defaultReads("none"),
            parameter("scope", K::Choice, "Direction scope",
                      "weights (parameters) or states (also BatchNorm running statistics)")
                .cli("--dir-type")
                .byDefault(
                    wordOf(landscape::DirectionScope::Weights, landscape::kDirectionScopeWords))
                .oneOf(wordsOf(landscape::kDirectionScopeWords))
                .isAdvanced(),
            parameter("grid", K::Grid, "Grid",
                      "X0:X1:NX,Y0:Y1:NY over (alpha, beta); with --range members only its "
                      "point counts are used")
                .byDefault("-1:1:31,-1:1:31"),
            parameter("range", K::Choice, "Grid range",
                      "members: the grid spans every drawn member and the centre with a 25% "
                      "margin; grid: --grid's range as given")
                .byDefault("members")
                .oneOf({"members", "grid"}),
            splitParameter(),
            parameter("subset", K::Integer, "Subset",
                      "Evaluate the surface on N samples drawn with --seed (0 = all)")
                .byDefault(0)
                .in("samples")
                .range(0),
            parameter("seed", K::Integer, "Seed", "Seed of the data subset")
                .byDefault(0)
                .range(0)
                .isAdvanced(),
            parameter("engine", K::Choice, "Engine",
                      "batched (K points per forward) or naive (one forward per point)")
                .byDefault(wordOf(landscape::Engine::Batched, landscape::kEngineWords))
                .oneOf(wordsOf(landscape::kEngineWords))
                .tuningOnly()
                .isAdvanced(),
            parameter("batch-size", K::Integer, "Batch size", "Samples per forward")
                .defaultReads("automatic")
                .in("samples")
                .range(0)
                .isAdvanced()
                .tuningOnly(),
        };
        return list;
    }

    WorkUnits workUnits(SetWorkspace&, const ParameterValues& values) const override {
        const auto s = trajectorySettingsFrom(values).surface;
        return {static_cast<std::int64_t>(s.nx()) * s.ny(), "grid points"};
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions& options) const override {
        const std::string made = provenance(*this, values).dump();
        const auto withProvenance = [&](TrajectoryResult r) {
            r.surface.provenance = made;
            return r;
        };
        TrajectoryResult result = trajectory::computeTrajectory(
            workspace.loaded(), trajectorySettingsFrom(values), context,
            [&](const TrajectoryResult& partial) {
                if (options.onPartial)
                    options.onPartial(std::any(withProvenance(partial)));
            });
        return std::any(withProvenance(std::move(result)));
    }

    nlohmann::json resultJson(const std::any& any) const override {
        const TrajectoryResult& r = asResult(any);
        const auto& s = r.surface;
        return {
            {"groups", r.groups},
            {"center", r.centerName},
            {"explained_variance", r.explainedVariance},
            {"component_variance", r.componentVariance},
            {"pca", r.pcaAlgorithm},
            {"members", trajectoryPointsJson(r.path)},
            {"scatter", trajectoryPointsJson(r.scatter)},
            {"surface",
             {{"grid", {s.nx(), s.ny()}},
              {"alpha_range", {s.settings.x.from, s.settings.x.to}},
              {"beta_range", {s.settings.y.from, s.settings.y.to}},
              {"loss_min", numberOrNull(s.lossMin())},
              {"loss_max", numberOrNull(s.lossMax())},
              {"center_loss", numberOrNull(s.centerLoss)},
              {"center_accuracy", numberOrNull(s.centerAccuracy)},
              {"samples", s.samples},
              {"data", s.dataSpec},
              {"points_computed", s.computedPoints()},
              {"points_non_finite", s.nonFinitePoints()},
              {"grid_seconds", s.seconds},
              {"device", s.device}}},
        };
    }

    // The plane, every point and the surface (TrajectoryResultFile.h).
    std::string resultFileSuffix() const override { return "safetensors"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeTrajectoryResultFile(path, *this, asResult(result));
    }
    std::any readResultFile(const std::string& path) const override {
        return std::any(readTrajectoryResultFile(path, *this));
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        const trajectory::TrajectorySettings s = trajectorySettingsFrom(values);
        if (s.groups.empty())
            throw InvalidArgument("--group: name at least one trajectory group");
        if (s.surface.dimensions != 2)
            throw InvalidArgument("--grid: a trajectory plane is 2-D: give X0:X1:NX,Y0:Y1:NY");
        landscape::validate(s.surface);
        checkEnsembleChoice(values, set);  // the split
        if (!set)
            return;
        for (const auto& g : s.groups)
            trajectory::orderedGroup(*set, g);
        for (const auto& g : s.scatterGroups)
            trajectory::orderedGroup(*set, g, "--scatter");
        trajectory::centerMember(*set, s);
    }
};

}  // namespace

trajectory::TrajectorySettings trajectorySettingsFrom(const ParameterValues& given) {
    const ParameterValues values = withDefaults(trajectoryAnalysis().parameters(), given);
    trajectory::TrajectorySettings s;
    s.groups = splitOnCommas(values.at("groups").get<std::string>());
    s.center = values.at("center").get<std::string>();
    s.scatterGroups = splitOnCommas(values.at("scatter").get<std::string>());
    // The surface's grid and data through the landscape's own conversion.
    ParameterValues surface = ParameterValues::object();
    for (const char* name : {"grid", "scope", "split", "subset", "seed", "engine", "batch-size"})
        surface[name] = values.at(name);
    s.surface = landscapeSettingsFrom(surface);
    s.surface.fitRange = values.at("range").get<std::string>() == "members";
    return s;
}

const Analysis& trajectoryAnalysis() {
    static const TrajectoryAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis
