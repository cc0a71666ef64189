#pragma once
// The loss landscape as an Analysis ("landscape"): its parameter table (the
// CLI's `modescape landscape` options, the GUI's properties form), the
// conversion between those values and landscape::LandscapeSettings, and a run
// on a SetWorkspace. Results are landscape::LandscapeResult; a run's units are
// the grid points (index iy * nx + ix), so parts of a grid can be computed
// apart and merged.

#include <string>

#include "core/analysis/Analysis.h"
#include "core/landscape/LandscapeResult.h"

namespace modescape::analysis {

const Analysis& landscapeAnalysis();

// The settings the values describe (values complete()d or not: missing ones
// take their defaults). "directions" may carry its members or file as in
// `--dirs plane:A,B,C` / `file:PATH`. Throws InvalidArgument naming the flag
// for a grid that does not parse.
landscape::LandscapeSettings landscapeSettingsFrom(const ParameterValues& values);
// The inverse: every parameter but the set, so that
// landscapeSettingsFrom(valuesFrom(s)) == s for valid settings s.
ParameterValues valuesFrom(const landscape::LandscapeSettings& settings);

// "X0:X1:NX[,Y0:Y1:NY]" of the settings' grid (one axis in 1-D), numbers in
// their shortest exact form.
std::string gridText(const landscape::LandscapeSettings& settings);

}  // namespace modescape::analysis
