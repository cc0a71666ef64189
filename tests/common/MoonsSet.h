#pragma once
// The small two-moons checkpoint sets of the tests, written by one function:
// MLP 2-32-32-2 members in group "g", with the splits train = 200 points
// (seed 1) and test = 300 points (seed 2), noise 0.1 (makeMoons' default).
// Tests that need other members (e.g. a permuted copy) pass their own; the
// manifest is the same for all.

#include <map>
#include <string>
#include <vector>

#include "core/data/Synthetic.h"
#include "core/model/Mlp.h"
#include "core/sampling/SetWriter.h"
#include "core/sampling/SgdTrainer.h"

namespace modescape::test {

inline model::MlpModel moonsSetMlp() {
    return model::MlpModel(model::MlpConfig{{2, 32, 32, 2}});
}

// The set's train split as a Dataset (what its manifest names).
inline data::Dataset moonsSetTrain() {
    return data::makeMoons({200, 0.1, 1});
}

// Writes these members (each in group "g") with the common manifest.
inline void writeMoonsSet(const std::string& folder, std::vector<sampling::Member> members) {
    for (auto& member : members)
        member.group = "g";
    sampling::SetDescription d;
    d.model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 32, 32, 2}}}}};
    d.datasets = {{"train", "moons:n=200,seed=1"}, {"test", "moons:n=300,seed=2"}};
    sampling::writeCheckpointSet(folder, d, members);
}

// Three members: g/m0 briefly trained (20 epochs of SGD, batches of 50), g/m1
// and g/m2 as initialised from seeds 1 and 2. With `seedMetadata` each member
// carries the metadata column "seed" (0, 1, 2), e.g. to colour a map by it.
inline void writeMoonsSet(const std::string& folder, bool seedMetadata = false) {
    const model::MlpModel mlp = moonsSetMlp();
    std::vector<sampling::Member> members;
    for (int i = 0; i < 3; ++i) {
        auto w = mlp.initialParameters(static_cast<std::uint64_t>(i));
        if (i == 0) {
            sampling::SgdOptions sgd;
            sgd.epochs = 20;
            sgd.batchSize = 50;
            sampling::trainSgd(mlp, w, moonsSetTrain(), sgd, {});
        }
        std::map<std::string, std::string> metadata;
        if (seedMetadata)
            metadata["seed"] = std::to_string(i);
        members.push_back({"m" + std::to_string(i), "g", w, metadata});
    }
    writeMoonsSet(folder, std::move(members));
}

// `count` members of a wide MLP (2-250-250-2: 64,002 parameters, 256 KB
// each) as initialised from seeds 0, 1, ..., the first half in group "a",
// the rest in "b". Under these --memory budgets a block holds one member (the
// working memory less 32 MiB, the tile and the reference row leaves room for
// 4 to 8 rows: MemberBlockPairs.cpp, MmdKernelSums.cpp), so the whole-set
// sums of `project` and `mmd` are count (count + 1) / 2 block pairs: many
// small units, for the tests that kill a run between two of them.
inline constexpr const char* kWideMapBudget = "33.5M";
inline constexpr const char* kWideMmdBudget = "38.5M";

inline void writeWideSet(const std::string& folder, int count) {
    const model::MlpModel mlp(model::MlpConfig{{2, 250, 250, 2}});
    std::vector<sampling::Member> members;
    for (int i = 0; i < count; ++i)
        members.push_back({"m" + std::to_string(i),
                           2 * i < count ? "a" : "b",
                           mlp.initialParameters(static_cast<std::uint64_t>(i)),
                           {}});
    sampling::SetDescription d;
    d.model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 250, 250, 2}}}}};
    d.datasets = {{"train", "moons:n=200,seed=1"}, {"test", "moons:n=300,seed=2"}};
    sampling::writeCheckpointSet(folder, d, members);
}

}  // namespace modescape::test
