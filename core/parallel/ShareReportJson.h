#pragma once
// The --json fields that say how a run shared its work (docs/mpi.md): "ranks",
// "rank_work" (each rank's share of the units computed), "devices" and, with
// several ranks, rank 0's cost of serving the others.

#include <string>

#include <nlohmann/json.hpp>

#include "core/parallel/SharedWork.h"

namespace modescape::parallel {

// Adds the fields to j; with a non-empty rateKey also rateKey: units computed
// per second of the shared run ("pairs_per_second").
void addShareJson(nlohmann::json& j, const ShareReport& report, const std::string& rateKey = {});

}  // namespace modescape::parallel
