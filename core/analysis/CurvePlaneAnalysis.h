#pragma once
// "curve-plane": a trained curve between A and B (or one saved with `connect
// --save-curve`) drawn on the loss landscape of its own plane, the plane
// through A, B and the curve's middle bend (Garipov et al. 2018's figure).
// The GUI's "curve on its plane" views and `modescape curve-plane SET A B`
// run it, so both show the same numbers.

#include <memory>

#include "core/analysis/Analysis.h"
#include "core/connectivity/CurvePlaneResult.h"
#include "core/connectivity/PathCurve.h"
#include "core/connectivity/PathResult.h"

namespace modescape::analysis {

struct CurvePlaneOutcome {
    // The trained curve evaluated along t (empty t for a saved curve).
    connectivity::PathResult path;
    // The plane's grid and the curve on it; partial results hold the rows so far.
    connectivity::CurvePlaneResult plane;
    // The curve's control points, once built (partial results carry them too,
    // so a cancelled run continues without training the curve again).
    std::shared_ptr<const connectivity::PathCurve> curve;
};

const Analysis& curvePlaneAnalysis();

// The plane's typed settings of complete()d values.
connectivity::CurvePlaneSettings curvePlaneSettingsFrom(const ParameterValues& values);

// {"path","bends","a","b","split","samples","bend":{"x","y"},"t","x","y",
//  "xs","ys","loss":[[...] per y],"accuracy":[[...]],"center_loss",
//  "center_accuracy","loss_min","loss_max","markers","grid_seconds","curve"}
nlohmann::json curvePlaneJson(const CurvePlaneOutcome& outcome);

}  // namespace modescape::analysis
