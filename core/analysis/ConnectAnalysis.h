#pragma once
// "connect": loss and accuracy along one path between two members A and B
// (linear, aligned, trained Bezier or polychain), or along a curve saved
// earlier; its barriers and length (docs/connectivity.md). The GUI's path view
// and `modescape connect SET A B` run it.

#include <memory>

#include "core/analysis/Analysis.h"
#include "core/connectivity/PathCurve.h"
#include "core/connectivity/PathResult.h"
#include "core/connectivity/PathSettings.h"

namespace modescape::analysis {

// The result (and partial results) of connectAnalysis().
struct ConnectResult {
    connectivity::PathResult path;
    // The path's control points (to save with --save-curve); partial results
    // carry them too (so a cancelled run continues on the same curve), except
    // those of a curve read from a folder.
    std::shared_ptr<const connectivity::PathCurve> curve;
};

const Analysis& connectAnalysis();

// The typed settings of complete()d values.
connectivity::PathSettings connectSettingsFrom(const ParameterValues& values);

}  // namespace modescape::analysis
