#pragma once
// The fixtures of tests/fixtures/hessian (make_hessian_reference.py): two
// tanh-MLP sets on 64 moons points and the exact Hessian of each one's mean
// NLL from torch.autograd.functional.hessian (float64).

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/set/OpenSet.h"

namespace modescape::test {

inline std::string hessianFixture(const std::string& name) {
    return std::string(MODESCAPE_FIXTURES_DIR) + "/hessian/" + name;
}

struct HessianReference {
    std::int64_t parameters = 0;
    double loss = 0, trace = 0;
    std::vector<double> eigenvalues;              // all, descending
    std::vector<std::vector<double>> topVectors;  // the top 5, unit norm
};

// "small" (114 parameters) or "wide" (1218).
inline HessianReference hessianReference(const std::string& set) {
    std::ifstream in(hessianFixture("reference.json"));
    const nlohmann::json j = nlohmann::json::parse(in).at(set);
    return {j.at("parameters").get<std::int64_t>(), j.at("loss").get<double>(),
            j.at("trace").get<double>(), j.at("eigenvalues").get<std::vector<double>>(),
            j.at("top_vectors").get<std::vector<std::vector<double>>>()};
}

inline io::CheckpointSet hessianSet(const std::string& set) {
    return io::openCheckpointSet(hessianFixture(set), {});
}

}  // namespace modescape::test
