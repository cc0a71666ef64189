#include "core/analysis/Analysis.h"

#include "core/common/Error.h"
#include "core/common/Version.h"

namespace modescape::analysis {

ParameterValues Analysis::complete(const ParameterValues& given,
                                   const io::CheckpointSet* set) const {
    checkValues(parameters(), given.is_null() ? ParameterValues::object() : given);
    ParameterValues values = withDefaults(parameters(), given);
    checkRules(values, set);
    return values;
}

WorkUnits Analysis::workUnits(SetWorkspace&, const ParameterValues&) const {
    return {};
}

void Analysis::merge(std::any&, const std::any&) const {
    throw Error(info().name + ": this analysis is computed as one unit and has nothing to merge");
}

void Analysis::writeResultFile(const std::string&, const std::any&) const {
    throw Error(info().name + ": this analysis keeps no result files");
}

std::any Analysis::readResultFile(const std::string&) const {
    throw Error(info().name + ": this analysis keeps no result files");
}

void Analysis::checkRules(const ParameterValues&, const io::CheckpointSet*) const {}

ParameterValues resultDefiningValues(const Analysis& analysis, const ParameterValues& values) {
    ParameterValues kept = ParameterValues::object();
    for (const auto& spec : analysis.parameters())
        if (spec.resultDefining && values.contains(spec.name))
            kept[spec.name] = values[spec.name];
    return kept;
}

nlohmann::json provenance(const Analysis& analysis, const ParameterValues& values,
                          bool resultDefiningOnly) {
    return {{"analysis", analysis.info().name},
            {"parameters", resultDefiningOnly ? resultDefiningValues(analysis, values) : values},
            {"modescape", modescapeVersion()}};
}

}  // namespace modescape::analysis
