#include "core/analysis/LandscapeAnalysis.h"

#include <charconv>
#include <cmath>
#include <set>

#include "core/analysis/AnalysisCost.h"
#include "core/analysis/ForwardJobEstimate.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/io/set/CheckpointSet.h"
#include "core/io/set/SetOverrides.h"
#include "core/landscape/LandscapeCompute.h"
#include "core/landscape/LandscapeHdf5.h"
#include "core/landscape/LandscapeJson.h"

namespace modescape::analysis {

namespace {

using namespace modescape::landscape;
using Kind = ParameterKind;

const std::vector<nlohmann::json> kMemberSources{"pca", "plane", "line"};

ParameterList makeParameters() {
    ParameterList p;
    p.push_back(setParameter());
    p.push_back(parameter("center", Kind::Members, "Centre", "Centre member; several = their mean")
                    .defaultReads("the plane's or line's first member, the PCA members' mean, "
                                  "else the set's reference member"));
    p.push_back(
        parameter("directions", Kind::Choice, "Directions",
                  "Directions: random (seeded, normalised), pca[:A,B,C...] (top-2 principal "
                  "directions of these members, default all), plane:A,B,C, line:A,B, file:PATH "
                  "(safetensors x.<tensor>/y.<tensor>, or the reference tool's direction .h5), "
                  "hessian:I,J (the Hessian's eigenvectors I and J at the centre)")
            .cli("--dirs")
            .byDefault(wordOf(DirectionSource::Random, kDirectionSourceWords))
            .oneOf(wordsOf(kDirectionSourceWords))
            .withSuffix("direction-members"));
    p.push_back(parameter("direction-members", Kind::Members, "Direction members",
                          "Members the directions are made of: PCA's selection, the plane's "
                          "A,B,C or the line's A,B (also --dirs WORD:A,B,C)")
                    .cli("--dir-members")
                    .defaultReads("none (PCA: every member)")
                    .selectedByDefault()
                    .when("directions", kMemberSources));
    p.push_back(parameter("direction-file", Kind::Path, "Direction file",
                          "File of the directions: safetensors x.<tensor> / y.<tensor>, or the "
                          "reference tool's direction .h5 (also --dirs file:PATH)")
                    .cli("--dir-file")
                    .byDefault("")
                    .when("directions", {"file"}));
    p.push_back(parameter("eigenvectors", Kind::Text, "Hessian eigenvectors",
                          "Hessian directions: the ranks I,J of the eigenvectors (1 = the largest "
                          "eigenvalue) of the loss's Hessian at the centre, on --split / "
                          "--subset (also --dirs hessian:I,J); a 1-D slice uses I")
                    .byDefault("1,2")
                    .when("directions", {"hessian"}));
    p.push_back(parameter("normalization", Kind::Choice, "Normalisation",
                          "Rescaling of random or Hessian directions against the centre's "
                          "weights (none: Hessian directions stay unit eigenvectors)")
                    .cli("--norm")
                    .byDefault(wordOf(Normalization::Filter, kNormalizationWords))
                    .oneOf(wordsOf(kNormalizationWords))
                    .when("directions", {"random", "hessian"}));
    p.push_back(parameter("ignore", Kind::Choice, "Biases and BatchNorm",
                          "Random or normalised Hessian directions on biases and BatchNorm "
                          "(dim <= 1): biasbn = zero, none = the weight itself")
                    .byDefault(wordOf(IgnoreMode::BiasBn, kIgnoreModeWords))
                    .oneOf(wordsOf(kIgnoreModeWords))
                    .when("directions", {"random", "hessian"}));
    p.push_back(parameter("scope", Kind::Choice, "Direction scope",
                          "weights (parameters) or states (also BatchNorm running statistics)")
                    .cli("--dir-type")
                    .byDefault(wordOf(DirectionScope::Weights, kDirectionScopeWords))
                    .oneOf(wordsOf(kDirectionScopeWords)));
    p.push_back(
        parameter("seed", Kind::Integer, "Seed", "Seed of the random directions and the subset")
            .byDefault(0)
            .range(0));
    p.push_back(parameter("grid", Kind::Grid, "Grid",
                          "X0:X1:NX[,Y0:Y1:NY]; one axis = a 1-D slice (a line uses the first); "
                          "with --range anchors only its point counts are used")
                    .byDefault("-1:1:51,-1:1:51"));
    p.push_back(parameter("range", Kind::Choice, "Grid range",
                          "anchors: the grid spans the members' coordinates (and the centre) "
                          "with a 25% margin, --grid giving only the point counts; grid: "
                          "--grid's range as given (the default once --grid is given)")
                    .byDefault("anchors")
                    .oneOf({"anchors", "grid"})
                    .when("directions", kMemberSources));
    p.push_back(parameter("split", Kind::Role, "Split", "Dataset role for loss and accuracy")
                    .byDefault("test")
                    .oneOf(io::datasetRoles()));
    p.push_back(parameter("subset", Kind::Integer, "Subset",
                          "Evaluate on N samples drawn with --seed (0 = all)")
                    .byDefault(0)
                    .in("samples")
                    .range(0));
    p.push_back(parameter("recompute-bn", Kind::Flag, "Recompute BatchNorm",
                          "Recompute BatchNorm statistics at every point on the train split"));
    p.push_back(parameter("bn-samples", Kind::Integer, "BatchNorm samples",
                          "Train samples for --recompute-bn (0 = all)")
                    .byDefault(0)
                    .in("samples")
                    .range(0)
                    .when("recompute-bn", {true}));
    p.push_back(parameter("engine", Kind::Choice, "Engine",
                          "batched (K points per forward) or naive (one forward per point, the "
                          "reference algorithm)")
                    .byDefault(wordOf(Engine::Batched, kEngineWords))
                    .oneOf(wordsOf(kEngineWords))
                    .tuningOnly());
    p.push_back(parameter("points-per-forward", Kind::Integer, "Points per forward",
                          "Batched engine: grid points per forward")
                    .defaultReads("automatic")
                    .in("points")
                    .range(0)
                    .when("engine", {"batched"})
                    .isAdvanced()
                    .tuningOnly());
    p.push_back(parameter("batch-size", Kind::Integer, "Batch size", "Samples per forward")
                    .defaultReads("automatic")
                    .in("samples")
                    .range(0)
                    .isAdvanced()
                    .tuningOnly());
    return p;
}

std::vector<std::string> splitOn(const std::string& text, char separator) {
    std::vector<std::string> parts;
    std::size_t start = 0;
    while (true) {
        const auto end = text.find(separator, start);
        parts.push_back(text.substr(start, end - start));
        if (end == std::string::npos)
            return parts;
        start = end + 1;
    }
}

double gridNumber(const std::string& text) {
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        if (used == text.size() && std::isfinite(v))
            return v;
    } catch (const std::exception&) {
    }
    throw InvalidArgument("--grid: '" + text + "' is not a number");
}

GridAxis parseAxis(const std::string& text) {
    const auto parts = splitOn(text, ':');
    if (parts.size() != 3)
        throw InvalidArgument("--grid: expected FROM:TO:COUNT, got '" + text + "'");
    GridAxis axis;
    axis.from = gridNumber(parts[0]);
    axis.to = gridNumber(parts[1]);
    const double count = gridNumber(parts[2]);
    if (count < 1 || count != std::floor(count) || count > 100000)
        throw InvalidArgument(
            "--grid: the point count must be a whole number from 1 to 100000, got '" + parts[2] +
            "'");
    axis.count = static_cast<int>(count);
    return axis;
}

// "1,2" -> {1, 2}: the ranks of Hessian eigenvectors.
std::vector<int> eigenvectorRanks(const std::string& text) {
    std::vector<int> ranks;
    for (const auto& part : splitOn(text, ',')) {
        int rank = 0;
        const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), rank);
        if (part.empty() || ec != std::errc() || end != part.data() + part.size() || rank < 1 ||
            rank > kMaxHessianEigenvector)
            throw InvalidArgument("--eigenvectors: '" + part +
                                  "' is not an eigenvector rank from 1 to " +
                                  std::to_string(kMaxHessianEigenvector) + " (hessian:1,2)");
        ranks.push_back(rank);
    }
    if (ranks.size() > 2)
        throw InvalidArgument("--eigenvectors: at most two ranks (x and y), got '" + text + "'");
    return ranks;
}

std::string shortest(double v) {
    char text[32];
    const auto [end, ec] = std::to_chars(text, text + sizeof text, v);
    return std::string(text, ec == std::errc() ? end : text);
}

std::string axisText(const GridAxis& a) {
    return shortest(a.from) + ":" + shortest(a.to) + ":" + std::to_string(a.count);
}

template <typename T>
T valueOr(const ParameterValues& values, const char* name, T fallback) {
    const auto it = values.find(name);
    return it == values.end() || it->is_null() ? fallback : it->get<T>();
}

std::vector<std::string> members(const ParameterValues& values, const char* name) {
    return valueOr(values, name, std::vector<std::string>{});
}

void checkMembersExist(const std::vector<std::string>& names, const io::CheckpointSet& set,
                       const char* flag) {
    for (const auto& name : names)
        if (!set.findMember(name))
            throw InvalidArgument(std::string(flag) + ": " + set.folder + " has no member named '" +
                                  name + "'");
}

void checkRoleExists(const std::string& role, const io::CheckpointSet& set) {
    std::string roles;
    for (const auto& dataset : set.datasets) {
        if (dataset.role == role)
            return;
        roles += (roles.empty() ? "" : ", ") + dataset.role;
    }
    throw InvalidArgument("--split: " + set.folder + " has no '" + role +
                          "' dataset (it has: " + (roles.empty() ? "none" : roles) + ")");
}

const LandscapeResult& asResult(const std::any& any) {
    const auto* result = std::any_cast<LandscapeResult>(&any);
    if (!result)
        throw InvalidArgument("landscape: the result to continue is not a landscape");
    return *result;
}

// Marks every point outside `units` computed, so the engine skips it; returns
// those points, to be unmarked with unmarkOthers().
std::vector<std::size_t> markOthersComputed(LandscapeResult& result,
                                            const std::vector<std::int64_t>& units) {
    result.computed = result.computedMask();
    std::vector<std::uint8_t> wanted(result.loss.size(), 0);
    for (const auto unit : units) {
        if (unit < 0 || static_cast<std::size_t>(unit) >= wanted.size())
            throw InvalidArgument("landscape: grid point " + std::to_string(unit) +
                                  " is outside the grid of " + std::to_string(wanted.size()) +
                                  " points");
        wanted[static_cast<std::size_t>(unit)] = 1;
    }
    std::vector<std::size_t> others;
    for (std::size_t i = 0; i < wanted.size(); ++i)
        if (!wanted[i] && !result.computed[i]) {
            result.computed[i] = 1;
            others.push_back(i);
        }
    return others;
}

LandscapeResult unmarked(LandscapeResult result, const std::vector<std::size_t>& others) {
    for (const auto i : others)
        result.computed[i] = 0;
    return result;
}

// What a result was computed on, from another result of the same grid.
void takeProvenance(LandscapeResult& into, const LandscapeResult& from) {
    into.markers = from.markers;
    into.setFolder = from.setFolder;
    into.modelDescription = from.modelDescription;
    into.dataSpec = from.dataSpec;
    into.samples = from.samples;
    into.centerName = from.centerName;
    into.members = from.members;
    into.device = from.device;
    into.inputs = from.inputs;
    into.provenance = from.provenance;
}

class LandscapeAnalysis : public Analysis, public EstimatesCost {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "landscape", "Loss landscape",
            "Loss and accuracy on a 1-D or 2-D slice of weight space (Li et al. 2018)"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list = makeParameters();
        return list;
    }

    WorkUnits workUnits(SetWorkspace&, const ParameterValues& values) const override {
        const LandscapeSettings s = landscapeSettingsFrom(values);
        return {static_cast<std::int64_t>(s.nx()) * s.ny(), "grid points"};
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions& options) const override {
        const LandscapeSettings settings = landscapeSettingsFrom(values);
        LandscapeResult result =
            options.resumeFrom ? resumed(*options.resumeFrom, settings) : makeEmptyResult(settings);
        result.provenance = provenance(*this, values).dump();
        const auto others = options.units.empty() ? std::vector<std::size_t>{}
                                                  : markOthersComputed(result, options.units);
        const auto report = [&](const LandscapeResult& partial) {
            if (options.onPartial)
                options.onPartial(std::any(unmarked(partial, others)));
        };
        try {
            computeLandscape(workspace.loaded(), result, context,
                             [&](const LandscapeResult& partial, int) { report(partial); });
        } catch (const Cancelled&) {
            report(result);  // the points computed since the last finished row too
            throw;
        }
        return std::any(unmarked(std::move(result), others));
    }

    void merge(std::any& whole, const std::any& part) const override {
        auto* into = std::any_cast<LandscapeResult>(&whole);
        if (!into)
            throw InvalidArgument("landscape: the result to merge into is not a landscape");
        const LandscapeResult& from = asResult(part);
        if (from.loss.size() != into->loss.size() || from.xs != into->xs || from.ys != into->ys)
            throw InvalidArgument("landscape: the parts to merge have different grids");
        if (const auto keys = differingSettings(into->settings, from.settings); !keys.empty())
            throw InvalidArgument("landscape: the parts to merge have other settings (" + keys +
                                  ")");
        if (!into->inputs.recorded())
            takeProvenance(*into, from);  // the whole holds no computed point yet
        else if (from.inputs.recorded())
            if (auto changes = describeChanges(into->inputs, from.inputs); !changes.empty())
                throw InputsChanged(std::move(changes));
        into->computed = into->computedMask();
        for (std::size_t i = 0; i < from.loss.size(); ++i)
            if (from.isComputed(i)) {
                into->loss[i] = from.loss[i];
                into->accuracy[i] = from.accuracy[i];
                into->computed[i] = 1;
            }
        if (!into->isCenterComputed() && from.isCenterComputed()) {
            into->centerLoss = from.centerLoss;
            into->centerAccuracy = from.centerAccuracy;
            into->centerComputed = true;
        }
        into->seconds += from.seconds;
        into->pointsComputedLastRun += from.pointsComputedLastRun;
    }

    // The surface's own HDF5 file, which keeps every setting and the inputs' hashes.
    std::string resultFileSuffix() const override { return landscape::hdf5Available() ? "h5" : ""; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        landscape::writeLandscapeHdf5(path, asResult(result));
    }
    std::any readResultFile(const std::string& path) const override {
        return std::any(landscape::readLandscapeHdf5(path));
    }

    // One forward of the subset (or the whole split) per grid point; no
    // predictions are kept. BatchNorm recomputation's train forwards are not counted.
    std::optional<evaluation::ForwardCost> estimateCost(
        SetWorkspace& workspace, const ParameterValues& values) const override {
        const LandscapeSettings s = landscapeSettingsFrom(values);
        const auto& members = workspace.set().members;
        if (members.empty())
            return std::nullopt;
        const std::int64_t points = std::int64_t(s.nx()) * std::int64_t(s.ny());
        evaluation::ForwardCost cost =
            forwardJobEstimate(workspace, members.front().name, points, s.split, s.subset);
        cost.bytes = 0;
        return cost;
    }

    nlohmann::json resultJson(const std::any& any) const override {
        const LandscapeResult& r = asResult(any);
        const auto numberOrNull = [](double v) {
            return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
        };
        nlohmann::json markers = nlohmann::json::array();
        for (const auto& m : r.markers)
            markers.push_back({{"name", m.name}, {"x", m.x}, {"y", m.y}});
        return {
            {"grid", {r.nx(), r.ny()}},
            {"loss_min", numberOrNull(r.lossMin())},
            {"loss_max", numberOrNull(r.lossMax())},
            {"center_loss", numberOrNull(r.centerLoss)},
            {"center_accuracy", numberOrNull(r.centerAccuracy)},
            {"grid_seconds", r.seconds},
            {"points_per_second", r.seconds > 0 ? r.pointsComputedLastRun / r.seconds : 0.0},
            {"points_computed", r.pointsComputedLastRun},
            {"points_total", r.loss.size()},
            {"points_non_finite", r.nonFinitePoints()},
            {"samples", r.samples},
            {"data", r.dataSpec},
            {"center", r.centerName},
            {"markers", markers},
            {"device", r.device},
            {"settings", settingsToJson(r.settings)},
            {"hessian_directions", curvatureToJson(r.curvature)},
        };
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        const LandscapeSettings s = landscapeSettingsFrom(values);
        if (s.directions == DirectionSource::Plane && s.dimensions == 1)
            throw InvalidArgument("--dirs plane is a 2-D slice: give --grid X0:X1:NX,Y0:Y1:NY");
        validate(s);
        if (!set)
            return;
        checkMembersExist(s.centerMembers, *set, "--center");
        checkMembersExist(s.directionMembers, *set, "--dirs");
        checkRoleExists(s.split, *set);
    }

  private:
    // An earlier result to continue: the same result-defining settings, with
    // this run's engine and tuning.
    static LandscapeResult resumed(const std::any& earlier, const LandscapeSettings& settings) {
        LandscapeResult result = asResult(earlier);
        if (const auto keys = differingSettings(settings, result.settings); !keys.empty())
            throw InvalidArgument("landscape: the surface to continue has other settings (" + keys +
                                  ")");
        result.settings.engine = settings.engine;
        result.settings.pointsPerForward = settings.pointsPerForward;
        result.settings.batchSize = settings.batchSize;
        return result;
    }
};

}  // namespace

const Analysis& landscapeAnalysis() {
    static const LandscapeAnalysis analysis;
    return analysis;
}

LandscapeSettings landscapeSettingsFrom(const ParameterValues& given) {
    const ParameterValues values = withDefaults(landscapeAnalysis().parameters(), given);
    LandscapeSettings s;
    s.centerMembers = members(values, "center");

    // "plane:A,B,C" / "file:PATH" carry what otherwise comes in its own parameter.
    const std::string directions = valueOr(values, "directions", std::string("random"));
    const auto colon = directions.find(':');
    s.directions = parseDirectionSource(directions.substr(0, colon));
    const bool usesMembers = s.directions == DirectionSource::Pca ||
                             s.directions == DirectionSource::Plane ||
                             s.directions == DirectionSource::Line;
    if (s.directions == DirectionSource::Hessian)
        s.eigenvectors = eigenvectorRanks(
            colon != std::string::npos ? directions.substr(colon + 1)
                                       : valueOr(values, "eigenvectors", std::string("1,2")));
    if (colon != std::string::npos) {
        const std::string rest = directions.substr(colon + 1);
        if (s.directions == DirectionSource::File)
            s.directionFile = rest;
        else if (usesMembers)
            s.directionMembers = splitOn(rest, ',');
        else if (s.directions != DirectionSource::Hessian)  // its ranks: above
            throw InvalidArgument("--dirs " + directions.substr(0, colon) +
                                  " takes no members (use --seed)");
    } else {
        if (usesMembers)
            s.directionMembers = members(values, "direction-members");
        if (s.directions == DirectionSource::File)
            s.directionFile = valueOr(values, "direction-file", std::string());
    }

    s.normalization = parseNormalization(valueOr(values, "normalization", std::string("filter")));
    s.ignore = parseIgnoreMode(valueOr(values, "ignore", std::string("biasbn")));
    s.scope = parseDirectionScope(valueOr(values, "scope", std::string("weights")));
    s.seed = valueOr(values, "seed", std::uint64_t{0});

    const auto axes = splitOn(valueOr(values, "grid", std::string("-1:1:51,-1:1:51")), ',');
    if (axes.size() > 2)
        throw InvalidArgument("--grid: at most two axes (X0:X1:NX,Y0:Y1:NY)");
    s.x = parseAxis(axes[0]);
    s.dimensions = static_cast<int>(axes.size());
    if (axes.size() == 2)
        s.y = parseAxis(axes[1]);
    if (s.directions == DirectionSource::Line)
        s.dimensions = 1;
    // Only member directions have anchors to fit (the parameter is disabled,
    // and so ignored, for the others).
    s.fitRange = usesMembers && valueOr(values, "range", std::string("anchors")) == "anchors";

    s.split = valueOr(values, "split", std::string("test"));
    s.subset = valueOr(values, "subset", std::int64_t{0});
    s.recomputeBatchNorm = valueOr(values, "recompute-bn", false);
    s.batchNormSamples = valueOr(values, "bn-samples", std::int64_t{0});
    s.engine = parseEngine(valueOr(values, "engine", std::string("batched")));
    s.pointsPerForward = valueOr(values, "points-per-forward", 0);
    s.batchSize = valueOr(values, "batch-size", std::int64_t{0});
    return s;
}

std::string gridText(const LandscapeSettings& s) {
    return s.dimensions == 1 ? axisText(s.x) : axisText(s.x) + "," + axisText(s.y);
}

namespace {

std::string eigenvectorText(const std::vector<int>& ranks) {
    std::string text;
    for (const int k : ranks)
        text += (text.empty() ? "" : ",") + std::to_string(k);
    return text;
}

bool usesMemberDirections(const LandscapeSettings& s) {
    return s.directions == DirectionSource::Pca || s.directions == DirectionSource::Plane ||
           s.directions == DirectionSource::Line;
}

}  // namespace

ParameterValues valuesFrom(const LandscapeSettings& s) {
    const auto automatic = [](std::int64_t v) {
        return v == 0 ? nlohmann::json(nullptr) : nlohmann::json(v);
    };
    return {
        {"center", s.centerMembers},
        {"directions", toString(s.directions)},
        {"direction-members", s.directionMembers},
        {"direction-file", s.directionFile},
        {"eigenvectors", eigenvectorText(s.eigenvectors)},
        {"normalization", toString(s.normalization)},
        {"ignore", toString(s.ignore)},
        {"scope", toString(s.scope)},
        {"seed", s.seed},
        {"grid", gridText(s)},
        // The default wherever the parameter does not apply (no member directions).
        {"range", s.fitRange || !usesMemberDirections(s) ? "anchors" : "grid"},
        {"split", s.split},
        {"subset", s.subset},
        {"recompute-bn", s.recomputeBatchNorm},
        {"bn-samples", s.batchNormSamples},
        {"engine", toString(s.engine)},
        {"points-per-forward", automatic(s.pointsPerForward)},
        {"batch-size", automatic(s.batchSize)},
    };
}

}  // namespace modescape::analysis
