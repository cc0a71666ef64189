#pragma once
// Small two-moons problems for the connectivity tests: MLPs 2-32-32-2 trained
// for a few seconds from different seeds, the moons splits, and a checkpoint
// set of three members: "g/a" (trained, seed 1), "g/b" (a random permutation
// of a: the same function, other weights) and "g/c" (trained, seed 2), written
// by the tests' one two-moons set writer (tests/common/MoonsSet.h).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/data/Synthetic.h"
#include "core/model/Mlp.h"
#include "core/sampling/SgdTrainer.h"
#include "core/symmetry/BuiltinSymmetry.h"
#include "core/symmetry/SymmetryTransforms.h"
#include "tests/common/MoonsSet.h"

namespace modescape::connectivity::test {

inline model::MlpModel moonsMlp() {
    return model::MlpModel(model::MlpConfig{{2, 32, 32, 2}});
}

inline data::Dataset moonsTrain() {
    return data::makeMoons({200, 0.1, 1});
}

inline data::Dataset moonsTest() {
    return data::makeMoons({300, 0.1, 2});
}

inline model::ParameterSet trainedMoonsMember(const model::MlpModel& mlp, std::uint64_t seed) {
    model::ParameterSet w = mlp.initialParameters(seed);
    sampling::SgdOptions sgd;
    sgd.epochs = 40;
    sgd.batchSize = 32;
    sgd.learningRate = 0.05;
    sgd.seed = seed;
    sampling::trainSgd(mlp, w, moonsTrain(), sgd, {});
    return w;
}

// B = a permutation of A's hidden units (no scaling): the same function.
inline model::ParameterSet permutedCopy(const model::MlpModel& mlp, const model::ParameterSet& a,
                                        std::uint64_t seed = 5) {
    return symmetry::randomSymmetryImage(a, symmetry::builtinSymmetrySpec(mlp), seed, false);
}

inline void writeMoonsSetWithPermutedCopy(const std::string& folder) {
    const model::MlpModel mlp = moonsMlp();
    const model::ParameterSet a = trainedMoonsMember(mlp, 1);
    modescape::test::writeMoonsSet(folder, {{"a", "g", a, {}},
                                            {"b", "g", permutedCopy(mlp, a), {}},
                                            {"c", "g", trainedMoonsMember(mlp, 2), {}}});
}

}  // namespace modescape::connectivity::test
