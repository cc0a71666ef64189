#pragma once
// The fixtures of tests/fixtures/hessian (make_hessian_reference.py): two
// tanh-MLP sets on 64 moons points and the exact Hessian of each one's mean
// NLL from torch.autograd.functional.hessian (float64), with each parameter
// tensor's diagonal block's largest eigenvalue and trace.

#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/io/set/OpenSet.h"

namespace modescape::test {

inline std::string hessianFixture(const std::string& name) {
    return std::string(MODESCAPE_FIXTURES_DIR) + "/hessian/" + name;
}

struct LayerReference {
    std::string name;                 // the parameter tensor
    double lambdaMax = 0, trace = 0;  // of its diagonal block of the Hessian
};

struct HessianReference {
    std::int64_t parameters = 0;
    double loss = 0, trace = 0;
    std::vector<double> eigenvalues;              // all, descending
    std::vector<std::vector<double>> topVectors;  // the top 5, unit norm
    std::vector<LayerReference> layers;           // state-dict order
};

// "small" (114 parameters) or "wide" (1218).
inline HessianReference hessianReference(const std::string& set) {
    std::ifstream in(hessianFixture("reference.json"));
    const nlohmann::json j = nlohmann::json::parse(in).at(set);
    HessianReference r{j.at("parameters").get<std::int64_t>(),
                       j.at("loss").get<double>(),
                       j.at("trace").get<double>(),
                       j.at("eigenvalues").get<std::vector<double>>(),
                       j.at("top_vectors").get<std::vector<std::vector<double>>>(),
                       {}};
    for (const auto& l : j.at("layers"))
        r.layers.push_back({l.at("name").get<std::string>(), l.at("lambda_max").get<double>(),
                            l.at("trace").get<double>()});
    return r;
}

inline io::CheckpointSet hessianSet(const std::string& set) {
    return io::openCheckpointSet(hessianFixture(set), {});
}

}  // namespace modescape::test
