#include "core/analysis/SymmetryAnalysis.h"

#include <nlohmann/json.hpp>

#include "core/analysis/SetWorkspace.h"
#include "core/analysis/SpaceParameters.h"
#include "core/common/Error.h"

namespace modescape::analysis {

namespace {

using K = ParameterKind;

ParameterList symmetryParameters() {
    ParameterList list{
        setParameter(),
        parameter("out", K::Path, "Output folder",
                  "Folder of the new set (built beside it, then swapped in); an existing folder "
                  "is replaced only when it is an earlier symmetry output")
            .byDefault("")
            .mustBeGiven()
            .tuningOnly(),
        parameter("force", K::Flag, "Replace any folder",
                  "Replace the --out folder even if it holds other files")
            .tuningOnly(),
    };
    list += removalParameters(RemovalUse::WholeSet);
    list += {
        parameter("seed", K::Integer, "Seed", "Order of the groups in weight matching")
            .byDefault(0)
            .range(0)
            .when("permutation", {"match"}),
        parameter("no-check", K::Flag, "Skip the function check",
                  "Skip comparing each member's outputs before and after"),
    };
    return list;
}

class SymmetryAnalysis : public Analysis {
  public:
    const AnalysisInfo& info() const override {
        static const AnalysisInfo info{
            "symmetry", "Symmetry removal",
            "Remove scaling and permutation symmetries; write the result as a new set"};
        return info;
    }

    const ParameterList& parameters() const override {
        static const ParameterList list = symmetryParameters();
        return list;
    }

    std::any run(SetWorkspace& workspace, const ParameterValues& values, const JobContext& context,
                 const RunOptions&) const override {
        const SymmetrySettings s = symmetrySettingsFrom(values);
        return symmetry::symmetrizeSet(workspace.loaded(), s.out, s.options, context);
    }

    nlohmann::json resultJson(const std::any& result) const override {
        return symmetry::toJson(std::any_cast<const symmetry::SetSymmetryReport&>(result));
    }

  protected:
    void checkRules(const ParameterValues& values, const io::CheckpointSet*) const override {
        if (values.at("out").get<std::string>().empty())
            throw InvalidArgument(userName(specNamed(parameters(), "out")) +
                                  ": the symmetry-removed set needs a folder of its own");
    }
};

}  // namespace

const Analysis& symmetryAnalysis() {
    static const SymmetryAnalysis analysis;
    return analysis;
}

SymmetrySettings symmetrySettingsFrom(const ParameterValues& values) {
    SymmetrySettings s;
    s.out = values.at("out").get<std::string>();
    s.options.removal = removalOptionsFrom(values);
    s.options.removal.matching.seed = values.at("seed").get<std::uint64_t>();
    s.options.specPath = values.at("spec").get<std::string>();
    s.options.checkFunction = !values.at("no-check").get<bool>();
    s.options.replace = values.at("force").get<bool>() ? io::ReplacePolicy::Anything
                                                       : io::ReplacePolicy::OwnOutputOnly;
    return s;
}

ParameterValues symmetryValuesFrom(const SymmetrySettings& s) {
    ParameterValues values = removalValuesFrom(s.options.removal);
    values["out"] = s.out;
    values["force"] = s.options.replace == io::ReplacePolicy::Anything;
    values["seed"] = s.options.removal.matching.seed;
    values["spec"] = s.options.specPath;
    values["no-check"] = !s.options.checkFunction;
    return values;
}

}  // namespace modescape::analysis
