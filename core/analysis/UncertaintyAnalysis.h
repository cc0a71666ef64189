#pragma once
// "uncertainty": what the Uncertainty view draws, for the chosen members — the
// ensemble-size curve, each OOD score per sample with its AUROC / AUPR / FPR95
// and histograms, and the pairwise mutual information between members with
// its histograms (core/calibration/UncertaintyReport.h). The members'
// predictions are read through the workspace's prediction cache one member at
// a time (evaluation::calibrateSet): running sums of N x C and per-sample
// values, never M x N x C. One work unit.

#include <string>
#include <vector>

#include "core/analysis/Analysis.h"
#include "core/calibration/UncertaintyReport.h"

namespace modescape::analysis {

// What run() returns (in the std::any).
struct UncertaintyResult {
    calibration::UncertaintyReport report;
    std::vector<std::string> names;    // the members kept, report indices -> names
    std::vector<std::string> leftOut;  // non-finite predictions
    std::string split;
    std::string set;         // the set's folder
    std::string data;        // the split's dataset spec
    bool perSample = false;  // resultJson: every sample's OOD scores too
};

const Analysis& uncertaintyAnalysis();

calibration::UncertaintyOptions uncertaintySettingsFrom(const ParameterValues& values);

}  // namespace modescape::analysis
