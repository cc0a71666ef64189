#include "core/analysis/AnalysisCost.h"

namespace modescape::analysis {

std::optional<evaluation::ForwardCost> analysisCost(const Analysis& analysis,
                                                    SetWorkspace& workspace,
                                                    const ParameterValues& values) {
    const auto* estimates = dynamic_cast<const EstimatesCost*>(&analysis);
    return estimates ? estimates->estimateCost(workspace, values) : std::nullopt;
}

}  // namespace modescape::analysis
