#pragma once
// Shared by the tests of core/symmetry: built-in models with weights that are
// not at their initialisation (BN / FRN affine and statistics moved), and
// element-wise comparisons of weight sets.

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>

#include <nlohmann/json.hpp>

#include <memory>
#include <string>

#include "core/model/BuiltinModel.h"
#include "core/model/ModelFactory.h"
#include "core/model/ParameterSet.h"

namespace modescape::symmetry::test {

// Initial weights with every 1-D / norm tensor moved off 0 and 1, so scaling
// and permutations of BN and FRN parameters are visible in the outputs.
inline model::ParameterSet perturbedWeights(const model::BuiltinModel& m, std::uint64_t seed) {
    model::ParameterSet w = m.initialParameters(seed);
    at::Generator gen = at::detail::createCPUGenerator(seed + 1000);
    model::ParameterSet out;
    for (const auto& e : w.entries()) {
        at::Tensor t = e.tensor;
        const std::string& n = e.name;
        auto endsWith = [&](const char* s) {
            const std::string suffix(s);
            return n.size() >= suffix.size() &&
                   n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
        };
        if (endsWith("running_var") || (endsWith(".weight") && t.dim() == 1) || endsWith(".gamma"))
            t = at::rand(t.sizes(), gen) + 0.5;
        else if (endsWith("running_mean") || endsWith(".beta") || endsWith(".tau") ||
                 (endsWith(".bias") && t.dim() == 1 && t.is_floating_point()))
            t = 0.2 * at::randn(t.sizes(), gen);
        out.add(n, t, e.role);
    }
    return out;
}

// max |a - b| / max |a| over every floating tensor.
inline double relativeWeightDistance(const model::ParameterSet& a, const model::ParameterSet& b) {
    double diff = 0, scale = 0;
    for (const auto& e : a.entries()) {
        if (!e.tensor.is_floating_point())
            continue;
        diff = std::max(
            diff,
            (e.tensor.to(at::kDouble) - b.at(e.name).to(at::kDouble)).abs().max().item<double>());
        scale = std::max(scale, e.tensor.abs().max().item<double>());
    }
    return diff / scale;
}

inline std::unique_ptr<model::BuiltinModel> builtin(const std::string& name, const char* args) {
    return model::makeBuiltinModel(name, nlohmann::json::parse(args));
}

}  // namespace modescape::symmetry::test
