#include "core/model/ArchitectureRecognition.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <map>
#include <optional>
#include <regex>

#include "core/common/Error.h"
#include "core/model/FamilyName.h"
#include "core/model/ModelFactory.h"

namespace modescape::model {
namespace {

using nlohmann::json;
using Shapes = std::map<std::string, std::vector<std::int64_t>>;

// A guess from a few telling tensors; confirmed against the full spec below.
struct Candidate {
    std::string builtin;
    json args;
    std::string text;
};

const std::vector<std::int64_t>* shapeOf(const Shapes& shapes, const std::string& name) {
    const auto it = shapes.find(name);
    return it == shapes.end() ? nullptr : &it->second;
}

std::string plural(std::int64_t n, const std::string& word) {
    const std::string ending = word.back() == 's' ? "es" : "s";
    return std::to_string(n) + " " + word + (n == 1 ? "" : ending);
}

std::string capitalised(std::string name) {
    return name == "silu" ? "SiLU" : name == "relu" ? "ReLU" : name == "gelu" ? "GELU" : "Tanh";
}

// TorchUncertainty's CIFAR ResNet: conv1, linear, layer4 only in ResNet-18.
std::optional<Candidate> resnet(const Shapes& shapes, const std::string& family) {
    const auto* conv1 = shapeOf(shapes, "conv1.weight");
    const auto* linear = shapeOf(shapes, "linear.weight");
    if (!conv1 || !linear || conv1->size() != 4 || linear->size() != 2)
        return std::nullopt;
    const bool deep = shapes.count("layer4.0.conv1.weight") > 0;
    const bool frn = shapes.count("bn1.gamma") > 0;
    const bool convBias = shapes.count("conv1.bias") > 0;
    const std::int64_t classes = (*linear)[0], channels = (*conv1)[1];
    const std::string named = activationOf(family);
    // The weights cannot tell the activation: the name may, else TorchUncertainty's default.
    const std::string activation = !named.empty() ? named : frn ? "silu" : "relu";

    Candidate c;
    c.builtin = deep ? "resnet18" : "resnet20";
    c.args = {{"num_classes", classes},
              {"in_channels", channels},
              {"norm", frn ? "frn" : "bn"},
              {"activation", activation},
              {"conv_bias", convBias}};
    c.text = c.builtin + ", " + plural(classes, "class");
    if (channels != 3)
        c.text += ", " + plural(channels, "input channel");
    c.text += frn ? ", FRN" : ", BatchNorm";
    if (frn || activation != "relu")
        c.text += " + " + capitalised(activation);
    if (convBias)
        c.text += ", conv bias";
    if (!named.empty() && (frn || named != "relu"))
        c.text += " (activation from the name '" + family + "')";
    else if (frn)
        c.text += " (SiLU: TorchUncertainty's default for FRN; the name does not say)";
    return c;
}

// LeNet-5: conv1 [6, C, 5, 5] and fc3 [classes, 84].
std::optional<Candidate> lenet(const Shapes& shapes) {
    const auto* conv1 = shapeOf(shapes, "conv1.weight");
    const auto* fc3 = shapeOf(shapes, "fc3.weight");
    if (!conv1 || !fc3 || conv1->size() != 4 || fc3->size() != 2)
        return std::nullopt;
    Candidate c;
    c.builtin = "lenet5";
    c.args = {{"in_channels", (*conv1)[1]}, {"num_classes", (*fc3)[0]}};
    c.text = "lenet5, " + plural((*fc3)[0], "class") + ", " + plural((*conv1)[1], "input channel");
    return c;
}

// nn.Sequential of Linear layers: only "<index>.weight" / "<index>.bias",
// indices 2 apart (activation between) or 3 apart (activation and dropout).
std::optional<Candidate> mlp(const Shapes& shapes, const std::string& family) {
    static const std::regex layerName("^([0-9]+)\\.(weight|bias)$");
    std::map<int, std::vector<std::int64_t>> weights;
    for (const auto& [name, shape] : shapes) {
        std::smatch m;
        if (!std::regex_match(name, m, layerName))
            return std::nullopt;
        if (m[2] == "weight") {
            if (shape.size() != 2)
                return std::nullopt;
            weights[std::stoi(m[1].str())] = shape;
        }
    }
    if (weights.empty())
        return std::nullopt;
    std::vector<std::int64_t> widths{weights.begin()->second[1]};
    int previous = -1, step = 0;
    for (const auto& [index, shape] : weights) {
        if (previous >= 0 && step == 0)
            step = index - previous;
        previous = index;
        widths.push_back(shape[0]);
    }
    const std::string named = activationOf(family);
    Candidate c;
    c.builtin = "mlp";
    c.args = {{"widths", widths}, {"activation", named.empty() ? "relu" : named}};
    // Dropout layers take an index but store nothing: any rate gives these names,
    // and evaluation does not drop.
    if (step == 3)
        c.args["dropout"] = 0.1;
    std::string w;
    for (std::size_t i = 0; i < widths.size(); ++i)
        w += (i ? "-" : "") + std::to_string(widths[i]);
    c.text = "mlp " + w + ", " + c.args["activation"].get<std::string>();
    c.text += named.empty() ? " (assumed: the weights do not store the activation)"
                            : " (activation from the name '" + family + "')";
    if (step == 3)
        c.text += ", dropout layers (rate unknown; inactive in evaluation)";
    return c;
}

std::string firstTensor(const std::vector<io::TensorInfo>& tensors) {
    if (tensors.empty())
        return "the set has no tensors";
    return "first: " + tensors.front().name + " " + io::shapeToString(tensors.front().shape);
}

}  // namespace

Recognition recogniseArchitecture(const std::vector<io::TensorInfo>& tensors,
                                  const std::string& familyName) {
    Shapes shapes;
    for (const io::TensorInfo& t : tensors)
        shapes.emplace(t.name, t.shape);
    std::vector<Candidate> candidates;
    for (auto candidate : {resnet(shapes, familyName), lenet(shapes), mlp(shapes, familyName)})
        if (candidate)
            candidates.push_back(std::move(*candidate));

    std::string closest;
    for (const Candidate& c : candidates) {
        SpecMatch match;
        try {
            match = matchSpec(makeBuiltinModel(c.builtin, c.args)->parameterSpec(), tensors);
        } catch (const Error& e) {
            closest = c.builtin + " (" + e.what() + ")";
            continue;
        }
        if (!match.ok()) {
            if (closest.empty())
                closest = c.builtin + " (" + match.describe() + ")";
            continue;
        }
        Recognition r;
        r.model.kind = io::ModelSpec::Kind::Builtin;
        r.model.builtin = c.builtin;
        r.model.argsJson = c.args.dump();
        r.text = c.text;
        return r;
    }
    Recognition r;
    r.text = "no built-in model matches these tensors (" + firstTensor(tensors) + ")";
    if (!closest.empty())
        r.text += "; closest: " + closest;
    r.text +=
        "; name one with --model resnet18:num_classes=100 or a TorchScript file, or add "
        "\"model\" to modescape.json";
    return r;
}

}  // namespace modescape::model
