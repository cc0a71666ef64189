#include "core/symmetry/LayerSelection.h"

#include <ATen/ATen.h>

#include <regex>

#include "core/common/Error.h"

namespace modescape::symmetry {

namespace {

// "layer1.0.bn1.weight" -> "layer1.0.bn1"
std::string moduleOf(const std::string& name) {
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? std::string() : name.substr(0, dot);
}

std::string leafOf(const std::string& name) {
    const auto dot = name.rfind('.');
    return dot == std::string::npos ? name : name.substr(dot + 1);
}

// BatchNorm modules are those holding running statistics; FRN modules hold tau.
bool isNormalization(const model::ParameterSet& w, const std::string& name) {
    const std::string module = moduleOf(name);
    const std::string prefix = module.empty() ? "" : module + ".";
    return w.contains(prefix + "running_mean") || w.contains(prefix + "tau");
}

std::string lastLayerModule(const model::ParameterSet& w) {
    std::string last;
    for (const auto& e : w.entries())
        if (e.role == model::TensorRole::Parameter && e.tensor.dim() >= 2 &&
            leafOf(e.name) == "weight")
            last = moduleOf(e.name);
    return last;
}

}  // namespace

std::vector<std::string> selectTensors(const model::ParameterSet& weights,
                                       const LayerSelection& selection) {
    std::regex pattern;
    if (!selection.pattern.empty()) {
        try {
            pattern = std::regex(selection.pattern, std::regex::ECMAScript);
        } catch (const std::regex_error& e) {
            throw InvalidArgument("layer pattern '" + selection.pattern +
                                  "' is not a valid regular expression: " + e.what());
        }
    }
    const std::string lastModule = selection.lastLayerOnly ? lastLayerModule(weights) : "";
    std::vector<std::string> kept;
    for (const auto& e : weights.entries()) {
        if (!e.tensor.is_floating_point())
            continue;
        if (e.role == model::TensorRole::Buffer && !selection.includeBuffers)
            continue;
        if (!selection.pattern.empty() && !std::regex_search(e.name, pattern))
            continue;
        if (selection.excludeNormalization && isNormalization(weights, e.name))
            continue;
        if (selection.lastLayerOnly && moduleOf(e.name) != lastModule)
            continue;
        kept.push_back(e.name);
    }
    if (kept.empty())
        throw InvalidArgument("the layer selection (" + describeSelection(selection) +
                              ") keeps no tensor of the model");
    return kept;
}

at::Tensor flattenSelected(const model::ParameterSet& weights,
                           const std::vector<std::string>& names) {
    std::vector<at::Tensor> parts;
    parts.reserve(names.size());
    for (const auto& name : names)
        parts.push_back(weights.at(name).detach().reshape({-1}).to(at::kFloat));
    return at::cat(parts);
}

std::string describeSelection(const LayerSelection& s) {
    std::string text = s.pattern.empty() ? "all parameters" : "/" + s.pattern + "/";
    if (s.excludeNormalization)
        text += ", no normalisation";
    if (s.lastLayerOnly)
        text += ", last layer";
    if (s.includeBuffers)
        text += ", buffers";
    return text;
}

}  // namespace modescape::symmetry
