#include "core/evaluation/LoadedSet.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/data/DatasetSpec.h"
#include "core/io/CheckpointFile.h"
#include "core/io/set/OpenMember.h"
#include "core/model/ModelFactory.h"
#include "core/model/TensorSpec.h"

namespace modescape::evaluation {

namespace {
nlohmann::json modelJson(const io::ModelSpec& spec) {
    switch (spec.kind) {
        case io::ModelSpec::Kind::Builtin:
            return {{"builtin", spec.builtin},
                    {"args", spec.argsJson.empty() ? nlohmann::json::object() : nlohmann::json::parse(spec.argsJson)}};
        case io::ModelSpec::Kind::TorchScript: return {{"torchscript", spec.path}};
        case io::ModelSpec::Kind::None: break;
    }
    return nullptr;
}
}  // namespace

LoadedSet::LoadedSet(io::CheckpointSet set, ModelNeed need) : set_(std::move(set)) {
    const nlohmann::json description = modelJson(set_.model);
    if (!description.is_null())
        modelDescription_ = description.dump();
    if (need == ModelNeed::Required)
        model();
}

const model::Model& LoadedSet::model() const {
    std::lock_guard lock(modelMutex_);
    if (!model_) {
        if (modelDescription_.empty())
            throw InvalidArgument(set_.folder + ": the set names no model, so its members cannot be evaluated; " +
                                  (set_.recognition.empty()
                                       ? std::string("add a \"model\" to modescape.json (see docs/checkpoint-set.md)")
                                       : set_.recognition));
        auto built = model::makeModel(modelJson(set_.model), set_.baseFolder());
        requireWeightsFit(*built);  // a model that does not fit is never kept
        model_ = std::move(built);
    }
    return *model_;
}

// Strict, like PyTorch's load_state_dict(strict=True): a model that reads only
// some of the weights (widths [2, 32, 2] for 2-32-32-2 weights) would evaluate
// without complaint and give wrong numbers. Checked once, when the model is
// built, against the set's tensor list (every member shares it), so every
// command and view gets it.
void LoadedSet::requireWeightsFit(const model::Model& model) const {
    if (set_.tensors.empty())
        return;  // no member: nothing will be evaluated
    const model::SpecMatch match = model::matchSpec(model.parameterSpec(), set_.tensors);
    if (match.ok())
        return;
    const std::string where = set_.manifestPath.empty() ? "modescape.json" : set_.manifestPath;
    throw ShapeMismatch(set_.folder + ": the members' weights do not fit the model " +
                        model.describe() + " (" + match.describe() + "); check \"model\" in " +
                        where);
}

bool LoadedSet::hasRole(const std::string& role) const {
    for (const auto& d : set_.datasets)
        if (d.role == role) return true;
    return false;
}

const data::Dataset& LoadedSet::dataset(const std::string& role) {
    if (auto it = datasets_.find(role); it != datasets_.end()) return it->second;
    std::string roles;
    for (const auto& d : set_.datasets) {
        if (d.role == role) {
            data::LoadOptions options;
            options.baseDir = set_.baseFolder();
            return datasets_.emplace(role, data::loadDataset(d.spec, options)).first->second;
        }
        roles += (roles.empty() ? "" : ", ") + d.role;
    }
    throw InvalidArgument(set_.folder + ": the set has no '" + role + "' dataset (it has: " +
                          (roles.empty() ? "none; add \"datasets\" to modescape.json" : roles) + ")");
}

model::ParameterSet LoadedSet::weights(const std::string& member) const {
    const io::SetMember* m = set_.findMember(member);
    if (!m) throw InvalidArgument(set_.folder + ": no member named '" + member + "'");
    const auto file = io::openMember(*m);
    return model::ParameterSet::fromCheckpoint(*file).to(at::kFloat);
}

}  // namespace modescape::evaluation
