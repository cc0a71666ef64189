#include "core/analysis/MmdAnalysis.h"

#include <nlohmann/json.hpp>

#include "core/analysis/AnalysisCost.h"
#include "core/analysis/ForwardJobEstimate.h"
#include "core/analysis/JsonResultFile.h"
#include "core/analysis/ResultFileJson.h"
#include "core/analysis/SetWorkspace.h"
#include "core/analysis/SpaceParameters.h"

namespace modescape::analysis {

namespace {

using K = ParameterKind;

ParameterList mmdParameters() {
    ParameterList list{
        setParameter(),
    };
    list += spaceParameters();
    list += {
        parameter("bandwidths", K::Integer, "Bandwidths",
                  "Bandwidths per kernel (Gaussian and Laplace), spaced geometrically over the "
                  "pooled members' distances")
            .byDefault(projection::MmdOptions{}.bandwidthCount)
            .range(1, 100),
    };
    list += removalParameters(RemovalUse::WeightSpace);
    return list;
}

class MmdAnalysis : public Analysis, public EstimatesCost {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "mmd", "MMD",
            "MMD^2 between the groups of a set (e.g. SWAG vs deep ensemble), in weight or "
            "function space"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list = mmdParameters();
        return list;
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions&) const override {
        const MmdSettings s = mmdSettingsFrom(values);
        return symmetry::mmdOfSet(workspace.loaded(), s.space, s.mmd, context, s.functions);
    }

    // Function space: every member on the first --samples samples of --split.
    std::optional<evaluation::ForwardCost> estimateCost(
        SetWorkspace& workspace, const ParameterValues& values) const override {
        return functionSpaceEstimate(workspace, values);
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return symmetry::toJson(std::any_cast<const symmetry::SetMmd&>(result));
    }

    // What `--json` prints, plus the members' names.
    std::string resultFileSuffix() const override { return "json"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        writeJsonResultFile(path, *this,
                            mmdFileJson(std::any_cast<const symmetry::SetMmd&>(result)));
    }
    std::any readResultFile(const std::string& path) const override {
        return readJsonResult(path, *this,
                              [](const nlohmann::json& j) { return std::any(mmdFromFileJson(j)); });
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet* set) const override {
        checkSpaceRules(parameters(), values);
        if (set)
            symmetry::checkMmdGroups(*set);
    }
};

}  // namespace

const Analysis& mmdAnalysis() {
    static const MmdAnalysis analysis;
    return analysis;
}

MmdSettings mmdSettingsFrom(const ParameterValues& values) {
    MmdSettings s;
    s.space = spaceOptionsFrom(values);
    s.functions = functionSampleFrom(values);
    s.mmd.bandwidthCount = values.at("bandwidths").get<int>();
    return s;
}

ParameterValues mmdValuesFrom(const MmdSettings& s) {
    ParameterValues values = spaceValuesFrom(s.space, s.functions);
    values["bandwidths"] = s.mmd.bandwidthCount;
    return values;
}

}  // namespace modescape::analysis
