#pragma once
// "connect": loss and accuracy along a path between two members A and B
// (linear, aligned, trained Bezier or polychain), or along a curve saved
// earlier; its barriers and length (docs/connectivity.md). "path" may name
// several kinds (`--path linear,bezier`): each is computed in turn, for one
// figure. The GUI's path view and `modescape connect SET A B` run it.

#include <memory>
#include <vector>

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
    // With several path kinds: every path in the order given (`path` and
    // `curve` are the first); empty for one.
    std::vector<connectivity::PathResult> paths;
};

const Analysis& connectAnalysis();

// The typed settings of complete()d values (the first path kind when several).
connectivity::PathSettings connectSettingsFrom(const ParameterValues& values);

// The path kinds asked for, in order: one, or several (`--path linear,bezier`).
std::vector<connectivity::PathKind> connectPathKinds(const ParameterValues& values);

}  // namespace modescape::analysis
