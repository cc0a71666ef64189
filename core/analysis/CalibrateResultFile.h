#pragma once
// The result-cache file of "calibrate" (docs/result-cache.md): what
// `modescape calibrate --json` prints (CalibrateAnalysis::resultJson, through
// calibration::toJson), plus under "exact" what that output gives only as
// names or leaves out — the member indices of the selection, groups,
// pairwise table and ensemble-size order, the order of the OOD scores, the
// reliability table's own ECE, MCE, RMS-CE and means, the split and the group
// — and the reader of it back into a CalibrateResult.

#include <nlohmann/json.hpp>

#include "core/analysis/CalibrateAnalysis.h"

namespace modescape::analysis {

// `printed` is resultJson(result).
nlohmann::json calibrateFileJson(const CalibrateResult& result, nlohmann::json printed);

// Throws nlohmann::json's errors or InvalidArgument for a field missing or
// wrong (readJsonResult names the file).
CalibrateResult calibrateFromFileJson(const nlohmann::json& json);

}  // namespace modescape::analysis
