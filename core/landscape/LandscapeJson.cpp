#include "core/landscape/LandscapeJson.h"

#include <nlohmann/json.hpp>

#include <cmath>

#include "core/common/Error.h"

namespace modescape::landscape {

namespace {

nlohmann::json axisJson(const GridAxis& a) {
    return {{"from", a.from}, {"to", a.to}, {"count", a.count}};
}

GridAxis axisFrom(const nlohmann::json& j) {
    GridAxis a;
    a.from = j.value("from", a.from);
    a.to = j.value("to", a.to);
    a.count = j.value("count", a.count);
    return a;
}

// NaN is not JSON: null stands for it.
nlohmann::json number(double v) {
    return std::isnan(v) ? nlohmann::json(nullptr) : nlohmann::json(v);
}
double numberFrom(const nlohmann::json& j, const char* key) {
    return j.contains(key) && j[key].is_number() ? j[key].get<double>()
                                                 : std::numeric_limits<double>::quiet_NaN();
}

nlohmann::json inputsJson(const LandscapeInputs& in) {
    return {{"members", in.members},
            {"direction_file", in.directionFile},
            {"data", in.data},
            {"model", in.model}};
}

LandscapeInputs inputsFrom(const nlohmann::json& j) {
    LandscapeInputs in;
    in.members = j.value("members", in.members);
    in.directionFile = j.value("direction_file", std::string());
    in.data = j.value("data", std::string());
    in.model = j.value("model", std::string());
    return in;
}

}  // namespace

nlohmann::json curvatureToJson(const std::vector<DirectionCurvature>& curvature) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& c : curvature)
        list.push_back({{"eigenvector", c.eigenvector},
                        {"eigenvalue", number(c.eigenvalue)},
                        {"residual", number(c.residual)},
                        {"curvature", number(c.curvature)},
                        {"lanczos_steps", c.lanczosSteps},
                        {"converged", c.converged}});
    return list;
}

nlohmann::json settingsToJson(const LandscapeSettings& s) {
    nlohmann::json j{
        {"center", s.centerMembers},
        {"directions", toString(s.directions)},
        {"direction_members", s.directionMembers},
        {"direction_file", s.directionFile},
        {"norm", toString(s.normalization)},
        {"ignore", toString(s.ignore)},
        {"scope", toString(s.scope)},
        {"seed", s.seed},
        {"dimensions", s.dimensions},
        {"x", axisJson(s.x)},
        {"y", axisJson(s.y)},
        {"fit_range", s.fitRange},
        {"split", s.split},
        {"subset", s.subset},
        {"recompute_bn", s.recomputeBatchNorm},
        {"bn_samples", s.batchNormSamples},
        {"engine", toString(s.engine)},
        {"points_per_forward", s.pointsPerForward},
        {"batch_size", s.batchSize},
        {"memory_budget_mib", s.memoryBudgetMiB},
    };
    if (s.directions == DirectionSource::Hessian)
        j["eigenvectors"] = s.eigenvectors;
    return j;
}

LandscapeSettings settingsFromJson(const nlohmann::json& j, const std::string& source) {
    LandscapeSettings s;
    try {
        s.centerMembers = j.value("center", s.centerMembers);
        s.directions = parseDirectionSource(j.value("directions", std::string("random")));
        s.directionMembers = j.value("direction_members", s.directionMembers);
        s.directionFile = j.value("direction_file", s.directionFile);
        s.eigenvectors = j.value("eigenvectors", s.eigenvectors);
        s.normalization = parseNormalization(j.value("norm", std::string("filter")));
        s.ignore = parseIgnoreMode(j.value("ignore", std::string("biasbn")));
        s.scope = parseDirectionScope(j.value("scope", std::string("weights")));
        s.seed = j.value("seed", s.seed);
        s.dimensions = j.value("dimensions", s.dimensions);
        if (j.contains("x"))
            s.x = axisFrom(j["x"]);
        if (j.contains("y"))
            s.y = axisFrom(j["y"]);
        s.fitRange = j.value("fit_range", false);  // files before it: their grid as given
        s.split = j.value("split", s.split);
        s.subset = j.value("subset", s.subset);
        s.recomputeBatchNorm = j.value("recompute_bn", s.recomputeBatchNorm);
        s.batchNormSamples = j.value("bn_samples", s.batchNormSamples);
        s.engine = parseEngine(j.value("engine", std::string("batched")));
        s.pointsPerForward = j.value("points_per_forward", s.pointsPerForward);
        s.batchSize = j.value("batch_size", s.batchSize);
        s.memoryBudgetMiB = j.value("memory_budget_mib", s.memoryBudgetMiB);
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(source, std::string("landscape settings: ") + e.what());
    } catch (const InvalidArgument& e) {
        throw FormatError(source, std::string("landscape settings: ") + e.what());
    }
    return s;
}

std::string resultDefiningSettings(const LandscapeSettings& settings) {
    auto j = settingsToJson(settings);
    for (const char* tuning : {"engine", "points_per_forward", "batch_size", "memory_budget_mib"})
        j.erase(tuning);
    if (settings.dimensions == 1)
        j.erase("y");
    if (settings.fitRange)  // the range follows from the directions: counts only
        for (const char* axis : {"x", "y"})
            if (j.contains(axis)) {
                j[axis].erase("from");
                j[axis].erase("to");
            }
    return j.dump();
}

std::string differingSettings(const LandscapeSettings& a, const LandscapeSettings& b) {
    const auto ja = nlohmann::json::parse(resultDefiningSettings(a));
    const auto jb = nlohmann::json::parse(resultDefiningSettings(b));
    std::string keys;
    for (const auto& [key, value] : ja.items())
        if (!jb.contains(key) || jb[key] != value)
            keys += (keys.empty() ? "" : ", ") + key;
    for (const auto& [key, value] : jb.items())
        if (!ja.contains(key))
            keys += (keys.empty() ? "" : ", ") + key;
    return keys;
}

nlohmann::json resultMetadataToJson(const LandscapeResult& r) {
    nlohmann::json markers = nlohmann::json::array();
    for (const auto& m : r.markers)
        markers.push_back({{"name", m.name}, {"x", m.x}, {"y", m.y}});
    nlohmann::json j{
        {"settings", settingsToJson(r.settings)},
        {"center_loss", number(r.centerLoss)},
        {"center_accuracy", number(r.centerAccuracy)},
        {"center_computed", r.isCenterComputed()},
        {"markers", markers},
        {"set", r.setFolder},
        {"model", r.modelDescription},
        {"data", r.dataSpec},
        {"samples", r.samples},
        {"center_name", r.centerName},
        {"members", r.members},
        {"device", r.device},
        {"seconds", r.seconds},
        {"points_computed_last_run", r.pointsComputedLastRun},
    };
    if (!r.curvature.empty())
        j["hessian_directions"] = curvatureToJson(r.curvature);
    if (r.inputs.recorded())
        j["inputs"] = inputsJson(r.inputs);
    if (!r.provenance.empty())
        j["provenance"] = nlohmann::json::parse(r.provenance);
    return j;
}

void resultMetadataFromJson(const nlohmann::json& j, LandscapeResult& r,
                            const std::string& source) {
    try {
        r.settings = settingsFromJson(j.value("settings", nlohmann::json::object()), source);
        r.centerLoss = numberFrom(j, "center_loss");
        r.centerAccuracy = numberFrom(j, "center_accuracy");
        // Older files: a NaN centre is one not computed yet.
        r.centerComputed = j.value("center_computed", !std::isnan(r.centerLoss));
        r.markers.clear();
        for (const auto& m : j.value("markers", nlohmann::json::array()))
            r.markers.push_back(
                {m.value("name", std::string()), m.value("x", 0.0), m.value("y", 0.0)});
        r.setFolder = j.value("set", std::string());
        r.modelDescription = j.value("model", std::string());
        r.dataSpec = j.value("data", std::string());
        r.samples = j.value("samples", std::int64_t{0});
        r.centerName = j.value("center_name", std::string());
        r.members = j.value("members", std::vector<std::string>{});
        r.device = j.value("device", std::string());
        r.seconds = j.value("seconds", 0.0);
        r.pointsComputedLastRun = j.value("points_computed_last_run", std::int64_t{0});
        r.curvature.clear();
        for (const auto& c : j.value("hessian_directions", nlohmann::json::array()))
            r.curvature.push_back({c.at("eigenvector").get<int>(), numberFrom(c, "eigenvalue"),
                                   numberFrom(c, "residual"), numberFrom(c, "curvature"),
                                   c.value("lanczos_steps", 0), c.value("converged", false)});
        r.inputs = j.contains("inputs") ? inputsFrom(j["inputs"]) : LandscapeInputs{};
        r.provenance = j.contains("provenance") ? j["provenance"].dump() : std::string();
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(source, std::string("landscape metadata: ") + e.what());
    }
}

}  // namespace modescape::landscape
