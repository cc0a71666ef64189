#pragma once
// "symmetry": scaling and permutation symmetries removed from every member of
// a set, written as a new set (core/symmetry/SetSymmetry.h). Its result is a
// symmetry::SetSymmetryReport.
//
// The output folder and --force are parameters ("out", "force"), not
// result-defining: run() writes the new set, so it must know where.

#include <string>

#include "core/analysis/Analysis.h"
#include "core/symmetry/SetSymmetry.h"

namespace modescape::analysis {

const Analysis& symmetryAnalysis();

// complete()d values of the symmetry table as the typed options (open and
// complete are left empty: the workspace's set is open), and back.
struct SymmetrySettings {
    std::string out;
    symmetry::SetSymmetryOptions options;
};
SymmetrySettings symmetrySettingsFrom(const ParameterValues& values);
ParameterValues symmetryValuesFrom(const SymmetrySettings& settings);

}  // namespace modescape::analysis
