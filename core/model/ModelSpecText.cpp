#include "core/model/ModelSpecText.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <regex>

#include "core/common/Error.h"
#include "core/model/ModelFactory.h"

namespace modescape::model {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& text, const std::string& what) {
    throw InvalidArgument("--model '" + text + "': " + what + "\naccepted forms:\n" +
                          acceptedModelSpecs());
}

json typedValue(const std::string& value) {
    static const std::regex integer("^[+-]?[0-9]+$");
    static const std::regex decimal("^[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?$");
    if (std::regex_match(value, integer))
        return std::stoll(value);
    if (std::regex_match(value, decimal))
        return std::stod(value);
    if (value == "true" || value == "false")
        return value == "true";
    return value;
}

json valueOf(const std::string& value) {
    if (value.find(':') == std::string::npos)
        return typedValue(value);
    json list = json::array();
    std::size_t start = 0;
    while (true) {
        const std::size_t colon = value.find(':', start);
        list.push_back(typedValue(value.substr(start, colon - start)));
        if (colon == std::string::npos)
            break;
        start = colon + 1;
    }
    return list;
}

bool isBuiltinName(const std::string& name) {
    for (const std::string& known : builtinModelNames())
        if (name == known)
            return true;
    return false;
}

bool looksLikeTorchScript(const std::string& text) {
    const std::string ext = fs::path(text).extension().string();
    return ext == ".ts" || ext == ".pt" || ext == ".pth" || text.find('/') != std::string::npos;
}

std::string valueText(const json& v) {
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_array()) {
        std::string s;
        for (const json& item : v)
            s += (s.empty() ? "" : ":") + valueText(item);
        return s;
    }
    return v.dump();
}

}  // namespace

std::string acceptedModelSpecs() {
    return "  resnet18 | resnet20 | lenet5 | mlp                 a built-in with its defaults\n"
           "  resnet18:num_classes=100,norm=frn,activation=silu  a built-in with arguments\n"
           "    resnet18/resnet20: num_classes, in_channels, norm=bn|frn,\n"
           "                       activation=relu|silu|gelu|tanh, conv_bias=true|false\n"
           "    lenet5: in_channels, num_classes\n"
           "    mlp: widths=2:32:32:2, activation, dropout\n"
           "  model.ts | model.pt | path/to/model               a TorchScript file";
}

io::ModelSpec parseModelSpecText(const std::string& text, const std::string& baseDir) {
    if (text.empty())
        fail(text, "empty");
    const std::size_t colon = text.find(':');
    const std::string name = text.substr(0, colon);
    io::ModelSpec spec;
    if (!isBuiltinName(name)) {
        if (!looksLikeTorchScript(text))
            fail(text, "'" + name + "' is neither a built-in nor a TorchScript file (.ts, .pt)");
        fs::path p(text);
        if (p.is_relative())
            p = (baseDir.empty() ? fs::current_path() : fs::path(baseDir)) / p;
        spec.kind = io::ModelSpec::Kind::TorchScript;
        spec.path = p.lexically_normal().string();
        return spec;
    }
    json args = json::object();
    if (colon != std::string::npos) {
        const std::string rest = text.substr(colon + 1);
        std::size_t start = 0;
        while (start <= rest.size()) {
            std::size_t comma = rest.find(',', start);
            if (comma == std::string::npos)
                comma = rest.size();
            const std::string item = rest.substr(start, comma - start);
            const std::size_t eq = item.find('=');
            if (eq == std::string::npos || eq == 0 || eq + 1 == item.size())
                fail(text, "'" + item + "' is not KEY=VALUE");
            const std::string key = item.substr(0, eq);
            if (args.contains(key))
                fail(text, "'" + key + "' is given twice");
            args[key] = valueOf(item.substr(eq + 1));
            start = comma + 1;
        }
    }
    try {
        makeBuiltinModel(name, args);  // names, types and ranges
    } catch (const InvalidArgument& e) {
        fail(text, e.what());
    }
    spec.kind = io::ModelSpec::Kind::Builtin;
    spec.builtin = name;
    spec.argsJson = args.dump();
    return spec;
}

std::string modelSpecText(const io::ModelSpec& spec) {
    switch (spec.kind) {
        case io::ModelSpec::Kind::None:
            return "";
        case io::ModelSpec::Kind::TorchScript:
            return spec.path;
        case io::ModelSpec::Kind::Builtin:
            break;
    }
    std::string text = spec.builtin;
    const json args = spec.argsJson.empty() ? json::object() : json::parse(spec.argsJson);
    std::string list;
    for (const auto& [key, value] : args.items())
        list += (list.empty() ? "" : ",") + key + "=" + valueText(value);
    return list.empty() ? text : text + ":" + list;
}

}  // namespace modescape::model
