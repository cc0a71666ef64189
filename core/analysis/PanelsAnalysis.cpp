#include "core/analysis/PanelsAnalysis.h"

#include "core/analysis/AllAnalyses.h"
#include "core/analysis/JsonResultFile.h"
#include "core/analysis/ResultFileJson.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/common/WordTable.h"
#include "core/io/set/CheckpointSet.h"
#include "core/symmetry/SymmetryPanelsResult.h"

namespace modescape::analysis {
namespace {

using K = ParameterKind;

const ParameterList& panelsParameters() {
    static const ParameterList list{
        setParameter(),
        parameter("pair-tensor", K::Text, "Tensor",
                  "The tensor holding the pair of weights, by name")
            .defaultReads("the first layer's weight"),
        parameter("element-a", K::Integer, "Weight x (flat index)",
                  "The pair's first weight: its row-major index in the tensor")
            .byDefault(0)
            .range(0),
        parameter("element-b", K::Integer, "Weight y (flat index)",
                  "The pair's second weight: its row-major index in the tensor")
            .byDefault(1)
            .range(0),
        parameter("index-tensor", K::Text, "Layer for the largest weight",
                  "The layer whose largest weight is located; its rows are the units")
            .defaultReads("the pair's tensor"),
        parameter("symmetry", K::Choice, "Compare raw with",
                  "The symmetries removed on the panels' second side (raw is the first)")
            .oneOf(wordsOf(symmetry::kPanelSpaceWords))
            .byDefault(
                wordOf(symmetry::WeightSpace::ScalingPermutation, symmetry::kPanelSpaceWords)),
        parameter("bins", K::Integer, "Bins",
                  "Bins per axis of the weight-pair histograms and of the excess-mass histogram")
            .byDefault(symmetry::kDefaultPanelBins)
            .range(1, 200),
    };
    return list;
}

std::string textOr(const ParameterValues& values, const char* name) {
    const auto& v = values.at(name);
    return v.is_null() ? std::string() : v.get<std::string>();
}

const io::TensorInfo* tensorNamed(const io::CheckpointSet& set, const std::string& name) {
    for (const auto& t : set.tensors)
        if (t.name == name)
            return &t;
    return nullptr;
}

class PanelsAnalysis : public Analysis {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo i{
            "panels", "Symmetry panels",
            "The symmetry panels of a set: a pair of weights and the unit of a layer's largest "
            "weight, raw and symmetry-removed; L2 mass vs minimal mass; the groups' MMD table"};
        return i;
    }
    const ParameterList& parameters() const override { return panelsParameters(); }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions&) const override {
        const PanelsSettings s = panelsSettingsFrom(values);
        return symmetry::computeSymmetryPanelsResult(workspace.loaded(), s.options, s.bins,
                                                     context);
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return symmetry::toJson(std::any_cast<const symmetry::SymmetryPanelsResult&>(result));
    }

    // What `--json` prints, with the MMD table's member names.
    std::string resultFileSuffix() const override { return "json"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeJsonResultFile(
            path, *this,
            panelsFileJson(std::any_cast<const symmetry::SymmetryPanelsResult&>(result)));
    }
    std::any readResultFile(const std::string& path) const override {
        return readJsonResult(
            path, *this, [](const nlohmann::json& j) { return std::any(panelsFromFileJson(j)); });
    }

  protected:
    // With the set: the tensors exist and the pair's indices lie inside its tensor.
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        if (!set || set->tensors.empty())
            return;
        const auto& list = parameters();
        for (const char* name : {"pair-tensor", "index-tensor"}) {
            const std::string tensor = textOr(values, name);
            if (!tensor.empty() && !tensorNamed(*set, tensor))
                throw InvalidArgument(userName(specNamed(list, name)) +
                                      ": the set has no tensor '" + tensor + "'");
        }
        const std::string pair = textOr(values, "pair-tensor");
        if (pair.empty())
            return;  // the default tensor is the model's first layer: checked when it runs
        const io::TensorInfo& info = *tensorNamed(*set, pair);
        for (const char* name : {"element-a", "element-b"}) {
            const std::int64_t e = values.at(name).get<std::int64_t>();
            if (e >= info.numel())
                throw InvalidArgument(userName(specNamed(list, name)) + ": weight " +
                                      std::to_string(e) + " is outside " + pair + " (" +
                                      std::to_string(info.numel()) + " weights)");
        }
    }
};

}  // namespace

PanelsSettings panelsSettingsFrom(const ParameterValues& values) {
    PanelsSettings s;
    s.options.pairTensor = textOr(values, "pair-tensor");
    s.options.indexTensor = textOr(values, "index-tensor");
    s.options.elementA = values.at("element-a").get<std::int64_t>();
    s.options.elementB = values.at("element-b").get<std::int64_t>();
    s.options.removed.space =
        parseWord(values.at("symmetry").get<std::string>(), symmetry::kPanelSpaceWords, "symmetry");
    s.bins = values.at("bins").get<int>();
    return s;
}

const Analysis& panelsAnalysis() {
    static const PanelsAnalysis analysis;
    return analysis;
}

}  // namespace modescape::analysis
