#pragma once
// Paths and barrier matrices as JSON (what `modescape connect --json` prints)
// and paths as CSV (one row per t). Field names in docs/connectivity.md.

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "core/connectivity/BarrierMatrix.h"
#include "core/connectivity/PathResult.h"

namespace modescape::connectivity {

// {"path", "bends", "a", "b", "t", "train_loss", "train_acc", "test_loss",
//  "test_acc", "barrier", "barrier_interpolated", "barrier_endpoint_mean",
//  "barriers": {"train": {...}, "test": {...}}, "length", "endpoint_distance",
//  "epoch_loss", "training_seconds", "seconds"}
nlohmann::json toJson(const PathResult& result);

// {"members", "path", "barrier_interpolated": [[...]], "barrier_endpoint_mean":
//  [[...]], "member_train_loss", "threshold", "basins": [...], "basin_count", "seconds"}
nlohmann::json toJson(const BarrierMatrix& matrix);

// Header "t,train_loss,train_acc,test_loss,test_acc" (test columns only when
// evaluated), one row per point, full precision.
std::string pathCsv(const PathResult& result);

}  // namespace modescape::connectivity
