#include "core/analysis/Registry.h"

#include "core/analysis/AllAnalyses.h"
#include "core/common/Error.h"

namespace modescape::analysis {

const std::vector<const Analysis*>& allAnalyses() {
    static const std::vector<const Analysis*> analyses{
        // One line per analysis, in the order of the GUI's tabs.
        &landscapeAnalysis(),     &projectionAnalysis(), &mmdAnalysis(),
        &symmetryAnalysis(),      &panelsAnalysis(),     &connectAnalysis(),
        &barrierMatrixAnalysis(), &curvePlaneAnalysis(), &calibrateAnalysis(),
        &uncertaintyAnalysis(),   &hessianAnalysis(),    &trajectoryAnalysis(),
    };
    return analyses;
}

const Analysis& analysisNamed(const std::string& name) {
    std::string known;
    for (const Analysis* analysis : allAnalyses()) {
        if (analysis->info().name == name)
            return *analysis;
        known += (known.empty() ? "" : ", ") + analysis->info().name;
    }
    throw InvalidArgument("unknown analysis '" + name + "' (known: " + known + ")");
}

nlohmann::json analysesJson() {
    nlohmann::json list = nlohmann::json::array();
    for (const Analysis* analysis : allAnalyses()) {
        nlohmann::json parameters = nlohmann::json::array();
        for (const auto& spec : analysis->parameters())
            parameters.push_back(specToJson(spec));
        list.push_back({{"name", analysis->info().name},
                        {"title", analysis->info().title},
                        {"summary", analysis->info().summary},
                        {"parameters", parameters}});
    }
    return list;
}

}  // namespace modescape::analysis
