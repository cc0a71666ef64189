#pragma once
// Pieces of the result-cache files of results that hold a path
// (docs/result-cache.md): a PathResult read back from the JSON
// connectivity::toJson writes (it holds every field), and a path's control
// points as tensors of a tensor result file (TensorResultFile.h), named as a
// saved curve names them ("bend<k>.<state-dict name>", their own dtypes); and
// the "connect" analysis's file: what `connect --json` prints (one path, or
// {"paths": [...]} whose first is the result's `path`) plus "curve" (curveJson);
// and the "curve-plane" analysis's file.

#include <string>
#include <utility>
#include <vector>

#include <ATen/Tensor.h>
#include <nlohmann/json.hpp>

#include "core/analysis/ConnectAnalysis.h"
#include "core/analysis/CurvePlaneAnalysis.h"
#include "core/analysis/TensorResultFile.h"
#include "core/connectivity/PathCurve.h"
#include "core/connectivity/PathResult.h"

namespace modescape::analysis {

// Throws nlohmann::json's errors or InvalidArgument for a field missing or wrong.
connectivity::PathResult pathResultFromJson(const nlohmann::json& json);

// {"path": kind, "entries": [[name, "parameter" | "buffer"], ...]}: the
// names in order, which the tensors' names do not keep.
nlohmann::json curveJson(const connectivity::PathCurve& curve);
void appendCurveTensors(const connectivity::PathCurve& curve,
                        std::vector<std::pair<std::string, at::Tensor>>& tensors);
// The curve `json` (curveJson's) describes, from the file's tensors. Throws
// FormatError naming the file for a tensor missing, nlohmann::json's errors
// for a field missing.
connectivity::PathCurve curveFromFile(const TensorResult& file, const nlohmann::json& json);

void writeConnectResultFile(const std::string& path, const Analysis& analysis,
                            const ConnectResult& result, const nlohmann::json& printed);
// Throws FormatError naming the file when it is not a complete path result.
ConnectResult readConnectResultFile(const std::string& path, const Analysis& analysis);

// "curve-plane": {"path": toJson(path), "surface": the landscape's metadata
// (landscape::resultMetadataToJson), "plane": {kind, a, b, bend_x, bend_y},
// "curve"} with the grid and the curve's plane coordinates as float64
// tensors ("xs", "ys", "loss", "accuracy", "t", "x", "y"; NaN kept) and
// "computed" (uint8), besides the control points.
void writeCurvePlaneResultFile(const std::string& path, const Analysis& analysis,
                               const CurvePlaneOutcome& outcome);
CurvePlaneOutcome readCurvePlaneResultFile(const std::string& path, const Analysis& analysis);

}  // namespace modescape::analysis
