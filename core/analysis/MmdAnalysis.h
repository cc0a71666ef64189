#pragma once
// "mmd": the group x group table of MMD^2 between the groups of a set, in a
// weight space or in function space (core/symmetry/SetProjection.h). Its
// result is a symmetry::SetMmd.
//
// One work unit: the streamed table (core/projection/StreamedMmd.h) chooses
// its bandwidths from an evenly spaced subset of all members and sums every
// group pair's kernels in the same panel passes, so its parts are not
// independent without a second bandwidth pass.

#include "core/analysis/Analysis.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::analysis {

const Analysis& mmdAnalysis();

// What mmdOfSet takes, from complete()d values of the MMD table, and back.
struct MmdSettings {
    symmetry::SpaceOptions space;
    std::optional<symmetry::FunctionSample> functions;  // function space
    projection::MmdOptions mmd;
};
MmdSettings mmdSettingsFrom(const ParameterValues& values);
ParameterValues mmdValuesFrom(const MmdSettings& settings);

}  // namespace modescape::analysis
