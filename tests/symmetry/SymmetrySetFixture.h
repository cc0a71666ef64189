#pragma once
// A checkpoint set whose structure symmetry removal must reveal: two base MLPs
// (2-8-8-3, relu) in groups "a" and "b", each with two randomly permuted and
// rescaled copies, i.e. three different weight vectors per group but only one
// function. Test dataset: moons.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/model/ModelFactory.h"
#include "core/sampling/SetWriter.h"
#include "core/symmetry/BuiltinSymmetry.h"
#include "core/symmetry/SymmetryTransforms.h"

namespace modescape::symmetry::test {

inline nlohmann::json symmetrySetModel() {
    return {{"builtin", "mlp"}, {"args", {{"widths", {2, 8, 8, 3}}}}};
}

inline void writeSymmetrySet(const std::string& folder) {
    const auto m = model::makeBuiltinModel("mlp", symmetrySetModel()["args"]);
    const SymmetrySpec spec = builtinSymmetrySpec(*m);
    std::vector<sampling::Member> members;
    for (const char* group : {"a", "b"}) {
        const model::ParameterSet base = m->initialParameters(group[0] == 'a' ? 1 : 2);
        members.push_back({"base", group, base, {{"seed", group}}});
        for (int copy = 1; copy <= 2; ++copy)
            members.push_back({"copy" + std::to_string(copy),
                               group,
                               randomSymmetryImage(base, spec, 100 * copy + group[0], true),
                               {{"copy", std::to_string(copy)}}});
    }
    sampling::SetDescription description;
    description.model = symmetrySetModel();
    description.datasets = {{"test", "moons:n=64,noise=0.1,seed=3"}};
    sampling::writeCheckpointSet(folder, description, members);
}

}  // namespace modescape::symmetry::test
