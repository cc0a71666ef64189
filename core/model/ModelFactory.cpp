#include "core/model/ModelFactory.h"

#include <filesystem>
#include <set>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/model/CifarResNet.h"
#include "core/model/LeNet5.h"
#include "core/model/Mlp.h"
#include "core/model/TorchScriptModel.h"

namespace modescape::model {

namespace {

using nlohmann::json;

void rejectUnknown(const std::string& model, const json& args, std::set<std::string> known) {
    if (!args.is_object())
        throw InvalidArgument(model + ": 'args' must be a JSON object");
    for (const auto& [key, value] : args.items()) {
        (void)value;
        if (!known.count(key)) {
            std::string list;
            for (const auto& k : known)
                list += (list.empty() ? "" : ", ") + k;
            throw InvalidArgument(model + ": unknown argument '" + key + "' (known: " + list + ")");
        }
    }
}

template <class T>
T get(const std::string& model, const json& args, const char* key, T fallback) {
    if (!args.contains(key))
        return fallback;
    try {
        return args.at(key).get<T>();
    } catch (const json::exception&) {
        throw InvalidArgument(model + ": argument '" + key + "' has the wrong type (" +
                              args.at(key).dump() + ")");
    }
}

std::unique_ptr<BuiltinModel> makeMlp(const json& args) {
    rejectUnknown("mlp", args, {"widths", "activation", "dropout"});
    MlpConfig c;
    c.widths = get("mlp", args, "widths", c.widths);
    c.activation = parseActivation(get<std::string>("mlp", args, "activation", "relu"));
    c.dropout = get("mlp", args, "dropout", c.dropout);
    return std::make_unique<MlpModel>(c);
}

std::unique_ptr<BuiltinModel> makeLeNet(const json& args) {
    rejectUnknown("lenet5", args, {"in_channels", "num_classes"});
    LeNet5Config c;
    c.inChannels = get("lenet5", args, "in_channels", c.inChannels);
    c.numClasses = get("lenet5", args, "num_classes", c.numClasses);
    return std::make_unique<LeNet5Model>(c);
}

std::unique_ptr<BuiltinModel> makeResNet(const std::string& name, int depth, const json& args) {
    rejectUnknown(name, args, {"num_classes", "in_channels", "norm", "activation", "conv_bias"});
    CifarResNetConfig c;
    c.depth = depth;
    c.numClasses = get(name, args, "num_classes", c.numClasses);
    c.inChannels = get(name, args, "in_channels", c.inChannels);
    auto norm = get<std::string>(name, args, "norm", "bn");
    if (norm == "bn")
        c.norm = Normalization::BatchNorm;
    else if (norm == "frn")
        c.norm = Normalization::FilterResponseNorm;
    else
        throw InvalidArgument(name + ": unknown norm '" + norm + "' (use bn or frn)");
    std::string fallback = c.norm == Normalization::BatchNorm ? "relu" : "silu";
    c.activation = parseActivation(get<std::string>(name, args, "activation", fallback));
    c.convBias = get(name, args, "conv_bias", c.convBias);
    return std::make_unique<CifarResNetModel>(c);
}

}  // namespace

const std::vector<std::string>& builtinModelNames() {
    static const std::vector<std::string> names{"mlp", "lenet5", "resnet18", "resnet20"};
    return names;
}

std::unique_ptr<BuiltinModel> makeBuiltinModel(const std::string& name, const json& args) {
    json a = args.is_null() ? json::object() : args;
    if (name == "mlp")
        return makeMlp(a);
    if (name == "lenet5")
        return makeLeNet(a);
    if (name == "resnet18")
        return makeResNet(name, 18, a);
    if (name == "resnet20")
        return makeResNet(name, 20, a);
    throw InvalidArgument("unknown built-in model '" + name +
                          "' (built-ins: mlp, lenet5, resnet18, resnet20)");
}

std::unique_ptr<Model> makeModel(const json& description, const std::string& baseDir) {
    if (!description.is_object())
        throw InvalidArgument(
            "model description must be a JSON object with 'builtin' or "
            "'torchscript'");
    if (description.contains("builtin")) {
        if (!description.at("builtin").is_string())
            throw InvalidArgument("model description: 'builtin' must be a string");
        json args = description.contains("args") ? description.at("args") : json::object();
        return makeBuiltinModel(description.at("builtin").get<std::string>(), args);
    }
    if (description.contains("torchscript")) {
        if (!description.at("torchscript").is_string())
            throw InvalidArgument("model description: 'torchscript' must be a file name");
        std::filesystem::path p = description.at("torchscript").get<std::string>();
        if (p.is_relative() && !baseDir.empty())
            p = std::filesystem::path(baseDir) / p;
        return std::make_unique<TorchScriptModel>(p.string());
    }
    throw InvalidArgument("model description needs 'builtin' (" + std::string("mlp, lenet5, ") +
                          "resnet18, resnet20) or 'torchscript' (a file)");
}

}  // namespace modescape::model
