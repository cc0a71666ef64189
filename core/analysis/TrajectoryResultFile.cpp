#include "core/analysis/TrajectoryResultFile.h"

#include <ATen/ATen.h>

#include <cmath>

#include "core/analysis/JsonResultFile.h"
#include "core/analysis/TensorResultFile.h"
#include "core/common/Error.h"
#include "core/landscape/LandscapeJson.h"

namespace modescape::analysis {

namespace {

using trajectory::TrajectoryPoint;

nlohmann::json numberOrNull(double v) {
    return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr);
}

}  // namespace

nlohmann::json trajectoryPointsJson(const std::vector<TrajectoryPoint>& points) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& p : points)
        list.push_back({{"name", p.name},
                        {"group", p.group},
                        {"index", p.index},
                        {"epoch", numberOrNull(p.epoch)},
                        {"alpha", numberOrNull(p.alpha)},
                        {"beta", numberOrNull(p.beta)},
                        {"projection_error", numberOrNull(p.projectionError)},
                        {"distance", numberOrNull(p.distance)}});
    return list;
}

namespace {

std::vector<TrajectoryPoint> pointsFrom(const nlohmann::json& list) {
    std::vector<TrajectoryPoint> points;
    for (const auto& j : list) {
        TrajectoryPoint p;
        p.name = j.at("name").get<std::string>();
        p.group = j.at("group").get<std::string>();
        p.index = j.at("index").get<int>();
        p.epoch = numberOrNan(j.at("epoch"));
        p.alpha = numberOrNan(j.at("alpha"));
        p.beta = numberOrNan(j.at("beta"));
        p.projectionError = numberOrNan(j.at("projection_error"));
        p.distance = numberOrNan(j.at("distance"));
        points.push_back(std::move(p));
    }
    return points;
}

at::Tensor doubles(const std::vector<double>& values) {
    return at::tensor(at::ArrayRef<double>(values), at::kDouble);
}

std::vector<double> doublesOf(const TensorResult& file, const std::string& name) {
    const at::Tensor t = file.tensor(name).to(at::kDouble).contiguous();
    return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
}

}  // namespace

void writeTrajectoryResultFile(const std::string& path, const Analysis& analysis,
                               const trajectory::TrajectoryResult& r) {
    const landscape::LandscapeResult& surface = r.surface;
    nlohmann::json variance = nlohmann::json::array();
    for (const double v : r.componentVariance)
        variance.push_back(numberOrNull(v));
    const nlohmann::json json{{"groups", r.groups},
                              {"center", r.centerName},
                              {"explained_variance", numberOrNull(r.explainedVariance)},
                              {"component_variance", variance},
                              {"pca", r.pcaAlgorithm},
                              {"members", trajectoryPointsJson(r.path)},
                              {"scatter", trajectoryPointsJson(r.scatter)},
                              {"surface", landscape::resultMetadataToJson(surface)}};
    // The mask made explicit: a surface without one counts NaN as not computed.
    const std::vector<std::uint8_t> computed = surface.computedMask();
    writeTensorResultFile(
        path, analysis, json,
        {{"xs", doubles(surface.xs)},
         {"ys", doubles(surface.ys)},
         {"loss", doubles(surface.loss)},
         {"accuracy", doubles(surface.accuracy)},
         {"computed", at::tensor(at::ArrayRef<std::uint8_t>(computed), at::kByte)}});
}

trajectory::TrajectoryResult readTrajectoryResultFile(const std::string& path,
                                                      const Analysis& analysis) {
    const TensorResult file = readTensorResultFile(path, analysis);
    try {
        const nlohmann::json& j = file.result;
        trajectory::TrajectoryResult r;
        r.groups = j.at("groups").get<std::vector<std::string>>();
        r.centerName = j.at("center").get<std::string>();
        r.explainedVariance = numberOrNan(j.at("explained_variance"));
        r.componentVariance = numbersOrNan(j.at("component_variance"));
        r.pcaAlgorithm = j.at("pca").get<std::string>();
        r.path = pointsFrom(j.at("members"));
        r.scatter = pointsFrom(j.at("scatter"));
        landscape::LandscapeResult& surface = r.surface;
        landscape::resultMetadataFromJson(j.at("surface"), surface, path);
        surface.xs = doublesOf(file, "xs");
        surface.ys = doublesOf(file, "ys");
        surface.loss = doublesOf(file, "loss");
        surface.accuracy = doublesOf(file, "accuracy");
        const at::Tensor computed = file.tensor("computed").contiguous();
        surface.computed.assign(computed.data_ptr<std::uint8_t>(),
                                computed.data_ptr<std::uint8_t>() + computed.numel());
        if (surface.loss.size() != surface.xs.size() * surface.ys.size() ||
            surface.accuracy.size() != surface.loss.size() ||
            surface.computed.size() != surface.loss.size())
            throw InvalidArgument("the surface's grid of " + std::to_string(surface.xs.size()) +
                                  " x " + std::to_string(surface.ys.size()) +
                                  " points does not match its loss, accuracy or mask");
        return r;
    } catch (const FormatError&) {
        throw;  // names the file already
    } catch (const std::exception& error) {
        throwJsonResultError(path, error);
    }
}

}  // namespace modescape::analysis
