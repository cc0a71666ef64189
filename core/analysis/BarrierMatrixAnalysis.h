#pragma once
// "barrier-matrix": the pairwise loss barriers of a selection of members
// (straight lines, or after weight-matching each second member to the first)
// and their basins. Its work splits into member pairs. The GUI's barrier
// matrix view, `modescape barrier-matrix SET` and `modescape connect SET
// --matrix` run it. The result is a connectivity::BarrierMatrix.

#include "core/analysis/Analysis.h"
#include "core/connectivity/BarrierMatrix.h"

namespace modescape::analysis {

const Analysis& barrierMatrixAnalysis();

// The typed settings of complete()d values (all pairs).
connectivity::BarrierMatrixSettings barrierMatrixSettingsFrom(const ParameterValues& values);

}  // namespace modescape::analysis
