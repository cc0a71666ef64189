#include "core/connectivity/CurveFile.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"
#include "core/io/OutputFolder.h"
#include "core/io/safetensors/SafetensorsReader.h"
#include "core/io/safetensors/SafetensorsWriter.h"

namespace modescape::connectivity {
namespace {

constexpr const char* kFormat = "modescape-curve";

std::string tensorName(std::size_t k, const std::string& name) {
    return "bend" + std::to_string(k) + "." + name;
}

nlohmann::json trainingJson(const CurveTraining& t) {
    return {{"epochs", t.epochs},
            {"batch_size", t.batchSize},
            {"learning_rate", t.learningRate},
            {"momentum", t.momentum},
            {"weight_decay", t.weightDecay},
            {"final_rate_factor", t.finalRateFactor},
            {"seed", t.seed}};
}

CurveTraining trainingFromJson(const nlohmann::json& j) {
    CurveTraining t;
    t.epochs = j.at("epochs").get<int>();
    t.batchSize = j.at("batch_size").get<std::int64_t>();
    t.learningRate = j.at("learning_rate").get<double>();
    t.momentum = j.at("momentum").get<double>();
    t.weightDecay = j.at("weight_decay").get<double>();
    t.finalRateFactor = j.at("final_rate_factor").get<double>();
    t.seed = j.at("seed").get<std::uint64_t>();
    return t;
}

}  // namespace

void saveCurve(const std::string& folder, const PathCurve& curve, const PathSettings& settings,
               const PathResult& result, const CurveInfo& info, io::ReplacePolicy replace) {
    io::OutputFolder output(folder, io::kCurveOutput, replace);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (std::size_t k = 0; k < curve.points().size(); ++k)
        for (const auto& e : curve.points()[k].entries())
            tensors.emplace_back(tensorName(k, e.name), e.tensor.detach());
    const auto& base = output.staging();
    io::writeSafetensors((base / kCurveTensorsFile).string(), tensors,
                         {{"format", kFormat}, {"bends", std::to_string(curve.bends())}});

    const nlohmann::json j{{"format", kFormat},
                           {"version", 1},
                           {"path", pathKindName(curve.kind())},
                           {"bends", curve.bends()},
                           {"set", info.set},
                           {"a", info.memberA},
                           {"b", info.memberB},
                           {"model", info.model},
                           {"training", trainingJson(settings.training)},
                           {"points", settings.points},
                           {"barrier", result.barrier()},
                           {"epoch_loss", result.epochLoss},
                           {"tensors", kCurveTensorsFile}};
    io::writeFileAtomically((base / kCurveSettingsFile).string(), j.dump(2) + "\n");
    output.commit();
}

SavedCurve loadCurve(const std::string& folder) {
    const auto base = std::filesystem::path(folder);
    const std::string jsonPath = (base / kCurveSettingsFile).string();
    std::ifstream in(jsonPath);
    if (!in)
        throw IoError(jsonPath,
                      "cannot read the curve settings (is this a folder written by "
                      "`modescape connect --save-curve`?)");
    std::stringstream text;
    text << in.rdbuf();
    PathSettings settings;
    CurveInfo info;
    int bends = 0;
    try {
        const auto j = nlohmann::json::parse(text.str());
        if (j.value("format", "") != kFormat)
            throw FormatError(jsonPath,
                              "not a Modescape curve (\"format\" is not \"modescape-curve\")");
        settings.kind = parsePathKind(j.at("path").get<std::string>());
        bends = j.at("bends").get<int>();
        settings.bends = bends;
        settings.training = trainingFromJson(j.at("training"));
        settings.points = j.value("points", settings.points);
        info.set = j.value("set", "");
        info.memberA = j.value("a", "");
        info.memberB = j.value("b", "");
        info.model = j.value("model", "");
    } catch (const nlohmann::json::exception& e) {
        throw FormatError(jsonPath, std::string("malformed curve settings: ") + e.what());
    } catch (const InvalidArgument& e) {
        throw FormatError(jsonPath, e.what());
    }
    if (bends < 2)
        throw FormatError(jsonPath, "\"bends\" must be at least 2");

    const std::string tensorsPath = (base / kCurveTensorsFile).string();
    const auto file = io::openSafetensors(tensorsPath);
    std::vector<model::ParameterSet> points(static_cast<std::size_t>(bends));
    for (const auto& t : file->tensors()) {
        const auto dot = t.name.find('.');
        std::size_t k = 0;
        bool ok = t.name.rfind("bend", 0) == 0 && dot != std::string::npos && dot > 4;
        if (ok) {
            try {
                k = std::stoul(t.name.substr(4, dot - 4));
            } catch (const std::exception&) {
                ok = false;
            }
        }
        if (!ok || k >= points.size())
            throw FormatError(tensorsPath, "unexpected tensor '" + t.name +
                                               "' (expected bend<k>.<name>, k < " +
                                               std::to_string(bends) + ")");
        points[k].add(t.name.substr(dot + 1), file->read(t.name).clone());
    }
    try {
        return {PathCurve(settings.kind, std::move(points)), settings, info};
    } catch (const Error& e) {
        throw FormatError(tensorsPath, e.what());
    }
}

}  // namespace modescape::connectivity
