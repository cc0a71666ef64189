#pragma once
// A set of three untrained MLPs (2-32-32-2, seeds 1-3) on 200 two-moons test
// points, written to folder and opened: the landscape views' small real set.
// withOod adds 60 out-of-distribution points, withCopy a fourth member
// "copies/m1-copy" with m1's weights (the uncertainty views' set).

#include <QString>

#include <memory>
#include <string>
#include <vector>

#include "core/io/set/OpenSet.h"
#include "core/model/Mlp.h"
#include "core/sampling/SetWriter.h"

namespace modescape::test {

inline std::shared_ptr<const io::CheckpointSet> writeSmallMlpSet(const QString& folder,
                                                                 bool withOod = false,
                                                                 bool withCopy = false) {
    const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
    std::vector<sampling::Member> members;
    for (int seed = 1; seed <= 3; ++seed)
        members.push_back(
            {"m" + std::to_string(seed), "ensemble", mlp.initialParameters(seed), {}});
    if (withCopy)
        members.push_back({"m1-copy", "copies", mlp.initialParameters(1), {}});
    sampling::SetDescription description;
    description.model = {{"builtin", "mlp"}, {"args", {{"widths", {2, 32, 32, 2}}}}};
    description.datasets = {{"test", "moons:n=200,seed=1"}};
    if (withOod)
        description.datasets["ood"] = "moons-ood:n=60,seed=2";
    sampling::writeCheckpointSet(folder.toStdString(), description, members);
    return std::make_shared<const io::CheckpointSet>(
        io::openCheckpointSet(folder.toStdString(), {}));
}

}  // namespace modescape::test
