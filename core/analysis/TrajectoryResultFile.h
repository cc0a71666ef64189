#pragma once
// The "trajectory" analysis's result-cache file (docs/result-cache.md): a
// tensor result file (TensorResultFile.h) whose JSON holds the plane (groups,
// centre, explained and per-direction variance, how the PCA was made), every
// path and scatter member's point (epoch, alpha, beta, projection error,
// distance) and the surface's metadata as the landscape's HDF5 file keeps it
// (settings, centre values, markers, inputs, provenance), and whose float64
// tensors "xs", "ys", "loss", "accuracy" (NaN kept) and uint8 "computed" are
// the surface's grid. Every number reads back bit for bit.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/Analysis.h"
#include "core/trajectory/TrajectoryResult.h"

namespace modescape::analysis {

// The members' points as JSON (non-finite numbers as null): the file's and `--json`'s form.
nlohmann::json trajectoryPointsJson(const std::vector<trajectory::TrajectoryPoint>& points);

void writeTrajectoryResultFile(const std::string& path, const Analysis& analysis,
                               const trajectory::TrajectoryResult& result);
// Throws FormatError naming the file when it is not a complete trajectory result.
trajectory::TrajectoryResult readTrajectoryResultFile(const std::string& path,
                                                      const Analysis& analysis);

}  // namespace modescape::analysis
