#include "core/analysis/PathResultFile.h"

#include <ATen/ATen.h>

#include <algorithm>
#include <memory>

#include "core/analysis/JsonResultFile.h"
#include "core/common/Error.h"
#include "core/connectivity/PathReport.h"
#include "core/landscape/LandscapeJson.h"

namespace modescape::analysis {

namespace {

using connectivity::Barrier;

Barrier barrierFromJson(const nlohmann::json& j) {
    return {numberOrNan(j.at("interpolated")), numberOrNan(j.at("endpoint_mean")),
            numberOrNan(j.at("t_at_max"))};
}

at::Tensor doubles(const std::vector<double>& values) {
    return at::tensor(at::ArrayRef<double>(values), at::kDouble);
}

std::vector<double> doublesOf(const TensorResult& file, const std::string& name) {
    const at::Tensor t = file.tensor(name).to(at::kDouble).contiguous();
    return std::vector<double>(t.data_ptr<double>(), t.data_ptr<double>() + t.numel());
}

std::string tensorName(std::size_t k, const std::string& name) {
    return "bend" + std::to_string(k) + "." + name;
}

}  // namespace

connectivity::PathResult pathResultFromJson(const nlohmann::json& j) {
    connectivity::PathResult r;
    r.kind = connectivity::parsePathKind(j.at("path").get<std::string>());
    r.bends = j.at("bends").get<int>();
    r.memberA = j.at("a").get<std::string>();
    r.memberB = j.at("b").get<std::string>();
    r.t = numbersOrNan(j.at("t"));
    r.trainLoss = numbersOrNan(j.at("train_loss"));
    r.trainAccuracy = numbersOrNan(j.at("train_acc"));
    r.testLoss = numbersOrNan(j.at("test_loss"));
    r.testAccuracy = numbersOrNan(j.at("test_acc"));
    const nlohmann::json& barriers = j.at("barriers");
    r.trainBarrier = barrierFromJson(barriers.at("train"));
    if (barriers.contains("test"))
        r.testBarrier = barrierFromJson(barriers["test"]);
    r.length = numberOrNan(j.at("length"));
    r.endpointDistance = numberOrNan(j.at("endpoint_distance"));
    r.epochLoss = numbersOrNan(j.at("epoch_loss"));
    r.trainingSeconds = numberOrNan(j.at("training_seconds"));
    r.seconds = numberOrNan(j.at("seconds"));
    return r;
}

nlohmann::json curveJson(const connectivity::PathCurve& curve) {
    nlohmann::json entries = nlohmann::json::array();
    if (!curve.points().empty())
        for (const auto& e : curve.points().front().entries())
            entries.push_back(
                {e.name, e.role == model::TensorRole::Buffer ? "buffer" : "parameter"});
    return {{"path", connectivity::pathKindName(curve.kind())},
            {"bends", curve.bends()},
            {"entries", entries}};
}

void appendCurveTensors(const connectivity::PathCurve& curve,
                        std::vector<std::pair<std::string, at::Tensor>>& tensors) {
    for (std::size_t k = 0; k < curve.points().size(); ++k)
        for (const auto& e : curve.points()[k].entries())
            tensors.emplace_back(tensorName(k, e.name), e.tensor.detach());
}

connectivity::PathCurve curveFromFile(const TensorResult& file, const nlohmann::json& json) {
    const int bends = json.at("bends").get<int>();
    std::vector<model::ParameterSet> points(static_cast<std::size_t>(std::max(bends, 0)));
    for (std::size_t k = 0; k < points.size(); ++k)
        for (const auto& entry : json.at("entries")) {
            const std::string name = entry.at(0).get<std::string>();
            const auto role = entry.at(1).get<std::string>() == "buffer"
                                  ? model::TensorRole::Buffer
                                  : model::TensorRole::Parameter;
            points[k].add(name, file.tensor(tensorName(k, name)), role);
        }
    try {
        return connectivity::PathCurve(
            connectivity::parsePathKind(json.at("path").get<std::string>()), std::move(points));
    } catch (const Error& error) {
        throw FormatError(file.path, std::string("its curve: ") + error.what());
    }
}

void writeConnectResultFile(const std::string& path, const Analysis& analysis,
                            const ConnectResult& result, const nlohmann::json& printed) {
    nlohmann::json json = printed;
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    if (result.curve) {
        json["curve"] = curveJson(*result.curve);
        appendCurveTensors(*result.curve, tensors);
    }
    writeTensorResultFile(path, analysis, json, tensors);
}

ConnectResult readConnectResultFile(const std::string& path, const Analysis& analysis) {
    const TensorResult file = readTensorResultFile(path, analysis);
    try {
        ConnectResult out;
        if (file.result.contains("paths")) {
            for (const nlohmann::json& one : file.result["paths"])
                out.paths.push_back(pathResultFromJson(one));
            if (out.paths.empty())
                throw InvalidArgument("\"paths\" is empty");
            out.path = out.paths.front();
        } else {
            out.path = pathResultFromJson(file.result);
        }
        if (file.result.contains("curve"))
            out.curve = std::make_shared<const connectivity::PathCurve>(
                curveFromFile(file, file.result["curve"]));
        return out;
    } catch (const FormatError&) {
        throw;  // names the file already
    } catch (const std::exception& error) {
        throwJsonResultError(path, error);
    }
}

void writeCurvePlaneResultFile(const std::string& path, const Analysis& analysis,
                               const CurvePlaneOutcome& outcome) {
    const connectivity::CurvePlaneResult& plane = outcome.plane;
    const landscape::LandscapeResult& surface = plane.surface;
    nlohmann::json json{{"path", connectivity::toJson(outcome.path)},
                        {"surface", landscape::resultMetadataToJson(surface)},
                        {"plane",
                         {{"kind", connectivity::pathKindName(plane.kind)},
                          {"a", plane.memberA},
                          {"b", plane.memberB},
                          {"bend_x", plane.bendX},
                          {"bend_y", plane.bendY}}}};
    std::vector<std::pair<std::string, at::Tensor>> tensors{
        {"xs", doubles(surface.xs)},     {"ys", doubles(surface.ys)},
        {"loss", doubles(surface.loss)}, {"accuracy", doubles(surface.accuracy)},
        {"t", doubles(plane.t)},         {"x", doubles(plane.x)},
        {"y", doubles(plane.y)}};
    tensors.emplace_back("computed",
                         at::tensor(at::ArrayRef<std::uint8_t>(surface.computed), at::kByte));
    if (outcome.curve) {
        json["curve"] = curveJson(*outcome.curve);
        appendCurveTensors(*outcome.curve, tensors);
    }
    writeTensorResultFile(path, analysis, json, tensors);
}

CurvePlaneOutcome readCurvePlaneResultFile(const std::string& path, const Analysis& analysis) {
    const TensorResult file = readTensorResultFile(path, analysis);
    try {
        CurvePlaneOutcome out;
        out.path = pathResultFromJson(file.result.at("path"));
        connectivity::CurvePlaneResult& plane = out.plane;
        landscape::resultMetadataFromJson(file.result.at("surface"), plane.surface, path);
        plane.surface.xs = doublesOf(file, "xs");
        plane.surface.ys = doublesOf(file, "ys");
        plane.surface.loss = doublesOf(file, "loss");
        plane.surface.accuracy = doublesOf(file, "accuracy");
        const at::Tensor computed = file.tensor("computed").contiguous();
        plane.surface.computed.assign(computed.data_ptr<std::uint8_t>(),
                                      computed.data_ptr<std::uint8_t>() + computed.numel());
        const nlohmann::json& p = file.result.at("plane");
        plane.kind = connectivity::parsePathKind(p.at("kind").get<std::string>());
        plane.memberA = p.at("a").get<std::string>();
        plane.memberB = p.at("b").get<std::string>();
        plane.bendX = numberOrNan(p.at("bend_x"));
        plane.bendY = numberOrNan(p.at("bend_y"));
        plane.t = doublesOf(file, "t");
        plane.x = doublesOf(file, "x");
        plane.y = doublesOf(file, "y");
        if (file.result.contains("curve"))
            out.curve = std::make_shared<const connectivity::PathCurve>(
                curveFromFile(file, file.result["curve"]));
        return out;
    } catch (const FormatError&) {
        throw;  // names the file already
    } catch (const std::exception& error) {
        throwJsonResultError(path, error);
    }
}

}  // namespace modescape::analysis
