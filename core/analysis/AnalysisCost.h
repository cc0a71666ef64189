#pragma once
// What a run of an analysis will cost, said before it starts. An analysis
// that runs networks (function-space maps and MMD, calibration, uncertainty,
// the landscape) also derives from EstimatesCost; the window's analysis page
// shows analysisCost() under Compute for every analysis that does.

#include <optional>

#include "core/analysis/Analysis.h"
#include "core/evaluation/ForwardJobCost.h"

namespace modescape::analysis {

class EstimatesCost {
  public:
    virtual ~EstimatesCost() = default;
    // The forward passes of a run with these complete()d values: FLOPs,
    // this machine's time (from 10^11 FLOPs on) and the predictions' bytes
    // (evaluation/ForwardCost.h); nullopt for values that run no network
    // (weight-space maps). May load the dataset and, once per network shape,
    // time one forward: the window calls it off the GUI thread. Throws what
    // loading the model or the data throws.
    virtual std::optional<evaluation::ForwardCost> estimateCost(
        SetWorkspace& workspace, const ParameterValues& values) const = 0;
};

// The analysis's estimate; nullopt when it makes none.
std::optional<evaluation::ForwardCost> analysisCost(const Analysis& analysis,
                                                    SetWorkspace& workspace,
                                                    const ParameterValues& values);

}  // namespace modescape::analysis
