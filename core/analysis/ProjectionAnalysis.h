#pragma once
// "project": a PCA, t-SNE or MDS map of a set's members, in a weight space
// (raw, scaling removed, scaling and permutation removed) or in function
// space (core/symmetry/SetProjection.h). Its result is a
// symmetry::SetProjection; the map view and `modescape project` show it.

#include "core/analysis/Analysis.h"
#include "core/symmetry/SetProjection.h"

namespace modescape::analysis {

const Analysis& projectionAnalysis();

// complete()d values of the projection table as the typed options; a null
// distance is the space's default (euclidean for weights, js for functions).
symmetry::SetProjectionOptions projectionSettingsFrom(const ParameterValues& values);
// The other way (every parameter but the set).
ParameterValues projectionValuesFrom(const symmetry::SetProjectionOptions& options);

}  // namespace modescape::analysis
