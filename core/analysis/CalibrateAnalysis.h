#pragma once
// "calibrate": accuracy, NLL, Brier, ECE, MCE, AURC, smooth, signed and
// class-wise ECE (with bootstrap intervals on request) of each member and of the
// model average of the chosen members, diversity, OOD detection when the set
// has an OOD split, and on request pairwise mutual information and the
// ensemble-size curve. Streamed: one member's predictions in memory at a time,
// read through the workspace's prediction cache (docs/large-sets.md). One
// work unit: the running sums add the members in order.

#include <string>
#include <vector>

#include "core/analysis/Analysis.h"
#include "core/calibration/StreamedCalibration.h"
#include "core/evaluation/CalibrationInput.h"

namespace modescape::analysis {

// What run() returns (in the std::any).
struct CalibrateResult {
    evaluation::SetCalibration calibrated;  // report, members kept, members left out
    std::string split;
    std::string set;            // the set's folder
    std::string data;           // the split's dataset spec
    std::string normalization;  // how its inputs were normalised
    std::string nearChance;     // a warning, or empty
    std::string group;          // the --group averaged, or empty
};

const Analysis& calibrateAnalysis();

// The typed core settings of complete()d values (workingBytes left infinite).
calibration::StreamedCalibrationOptions calibrateSettingsFrom(const ParameterValues& values);

}  // namespace modescape::analysis
