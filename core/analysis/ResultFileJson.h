#pragma once
// The JSON a result-cache file keeps for each result kept as JSON
// (JsonResultFile.h): what the result's own writer prints for `--json`
// (symmetry::toJson, connectivity::toJson), plus the few fields that writer
// leaves out, and the reader of it back into the result. A reader throws
// nlohmann::json's errors or InvalidArgument for a field missing or wrong;
// readJsonResult turns them into a FormatError naming the file.

#include <nlohmann/json.hpp>

#include "core/connectivity/BarrierMatrix.h"
#include "core/symmetry/SetProjection.h"
#include "core/symmetry/SymmetryPanelsResult.h"

namespace modescape::analysis {

// toJson plus "explained_variance_ratio_all" (toJson keeps the shown axes' ratios).
nlohmann::json projectionFileJson(const symmetry::SetProjection& projection);
symmetry::SetProjection projectionFromFileJson(const nlohmann::json& json);

// toJson plus "member_names" (toJson gives their count).
nlohmann::json mmdFileJson(const symmetry::SetMmd& mmd);
symmetry::SetMmd mmdFromFileJson(const nlohmann::json& json);

// toJson as it is: it holds every number of the matrix.
connectivity::BarrierMatrix barrierMatrixFromFileJson(const nlohmann::json& json);

// toJson with its MMD table as mmdFileJson writes it. The histograms are not
// read: they are made again from the members' values by binSymmetryPanels,
// the function that made them.
nlohmann::json panelsFileJson(const symmetry::SymmetryPanelsResult& panels);
symmetry::SymmetryPanelsResult panelsFromFileJson(const nlohmann::json& json);

}  // namespace modescape::analysis
