#include "core/analysis/MmdAnalysis.h"

#include <nlohmann/json.hpp>

#include "core/analysis/JsonResultFile.h"
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

projection::MmdValue mmdValueFromJson(const nlohmann::json& j) {
    projection::MmdValue value;
    value.kernel =
        parseWord(j.at("kernel").get<std::string>(), projection::kMmdKernelWords, "kernel");
    value.bandwidth = numberOrNan(j.at("bandwidth"));
    value.mmd2 = numberOrNan(j.at("mmd2"));
    return value;
}

// A table read back from what toJson(SetMmd) wrote, with the members' names
// (toJson gives their count).
symmetry::SetMmd mmdFromJson(const nlohmann::json& j) {
    symmetry::SetMmd m;
    m.space = j.at("space").get<std::string>();
    m.algorithm = j.at("algorithm").get<std::string>();
    m.notes = j.at("notes").get<std::vector<std::string>>();
    m.members = j.at("member_names").get<std::vector<std::string>>();
    m.table.groups = j.at("groups").get<std::vector<std::string>>();
    const auto g = Eigen::Index(m.table.groups.size());
    const nlohmann::json& rows = j.at("max_mmd2");
    m.table.maximum.resize(g, g);
    for (Eigen::Index a = 0; a < g; ++a)
        for (Eigen::Index b = 0; b < g; ++b)
            m.table.maximum(a, b) = numberOrNan(rows.at(std::size_t(a)).at(std::size_t(b)));
    for (const nlohmann::json& pair : j.at("pairs")) {
        projection::MmdResult result;
        result.maximum = mmdValueFromJson(pair.at("max"));
        for (const nlohmann::json& value : pair.at("values"))
            result.values.push_back(mmdValueFromJson(value));
        m.table.pairs.push_back(std::move(result));
    }
    return m;
}

class MmdAnalysis : public Analysis {
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

    nlohmann::json resultJson(const std::any& result) const override {
        return symmetry::toJson(std::any_cast<const symmetry::SetMmd&>(result));
    }

    // What `--json` prints, plus the members' names.
    std::string resultFileSuffix() const override { return "json"; }
    void writeResultFile(const std::string& path, const std::any& result) const override {
        nlohmann::json json = resultJson(result);
        json["member_names"] = std::any_cast<const symmetry::SetMmd&>(result).members;
        writeJsonResultFile(path, *this, json);
    }
    std::any readResultFile(const std::string& path) const override {
        return readJsonResult(path, *this,
                              [](const nlohmann::json& j) { return std::any(mmdFromJson(j)); });
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
