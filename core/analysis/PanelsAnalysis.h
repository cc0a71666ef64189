#pragma once
// The "panels" analysis: the symmetry panels of a set (Laurent et al., ICLR
// 2024) with their data, declared once for the GUI's "Symmetry panels" tab and
// `modescape panels`. Its result is a symmetry::SymmetryPanelsResult (in the
// std::any run() returns); resultJson() gives every number the panels draw.

#include "core/analysis/Analysis.h"
#include "core/symmetry/SymmetryPanels.h"

namespace modescape::analysis {

// The typed settings the parameter values stand for.
struct PanelsSettings {
    symmetry::SymmetryPanelOptions options;
    int bins = 20;
};

// Values complete()d by panelsAnalysis(); throws InvalidArgument for a word
// outside the table.
PanelsSettings panelsSettingsFrom(const ParameterValues& values);

}  // namespace modescape::analysis
