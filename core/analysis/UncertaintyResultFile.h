#pragma once
// The result-cache file of "uncertainty" (docs/result-cache.md): what
// `modescape uncertainty --json --per-sample` prints (UncertaintyAnalysis::
// resultJson with every sample's OOD scores, whatever the result's own
// choice), plus under "exact" what that output gives only as names — the
// member indices of the selection, the pairwise tables and the curve's order —
// the order of the OOD scores and the result's per-sample choice; and the
// reader of it back into an UncertaintyResult.

#include <nlohmann/json.hpp>

#include "core/analysis/UncertaintyAnalysis.h"

namespace modescape::analysis {

// `printed` is resultJson of the result with perSample on.
nlohmann::json uncertaintyFileJson(const UncertaintyResult& result, nlohmann::json printed);

// Throws nlohmann::json's errors or InvalidArgument for a field missing or
// wrong (readJsonResult names the file).
UncertaintyResult uncertaintyFromFileJson(const nlohmann::json& json);

}  // namespace modescape::analysis
