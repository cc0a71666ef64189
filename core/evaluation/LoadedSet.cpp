#include "core/evaluation/LoadedSet.h"

#include <mutex>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/data/DatasetRoleWords.h"
#include "core/data/DatasetSpec.h"
#include "core/data/Transforms.h"
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
                    {"args", spec.argsJson.empty() ? nlohmann::json::object()
                                                   : nlohmann::json::parse(spec.argsJson)}};
        case io::ModelSpec::Kind::TorchScript:
            return {{"torchscript", spec.path}};
        case io::ModelSpec::Kind::None:
            break;
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
            throw InvalidArgument(
                set_.folder + ": the set names no model, so its members cannot be evaluated; " +
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
    // Point at where the model was named, so the user fixes the right thing.
    std::string where;
    if (set_.modelSource == "command line")
        where = "the --model option";
    else if (set_.modelSource == "recognised")
        where = "what was recognised (" + set_.recognition + "); name the model with --model";
    else
        where = "\"model\" in " +
                (set_.manifestPath.empty() ? std::string("modescape.json") : set_.manifestPath);
    throw ShapeMismatch(set_.folder + ": the members' weights do not fit the model " +
                        model.describe() + " (" + match.describe() + "); check " + where);
}

bool LoadedSet::hasRole(const std::string& role) const {
    for (const auto& d : set_.datasets)
        if (d.role == role)
            return true;
    return false;
}

namespace {
std::string rolesText(const io::CheckpointSet& set) {
    std::string roles;
    for (const auto& d : set.datasets)
        roles += (roles.empty() ? "" : ", ") + d.role;
    return roles.empty() ? "none; add \"datasets\" to modescape.json" : roles;
}

const io::DatasetSpec* specOf(const io::CheckpointSet& set, const std::string& role) {
    for (const auto& d : set.datasets)
        if (d.role == role)
            return &d;
    return nullptr;
}
}  // namespace

const data::Dataset& LoadedSet::dataset(const std::string& role) {
    // The window estimates a job's cost off the GUI thread while another job
    // may run: loads are serialised (one lock for every set; loading is rare),
    // and a map's entries stay where they are, so the reference outlives it.
    static std::mutex datasetMutex;
    std::lock_guard lock(datasetMutex);
    if (auto it = datasets_.find(role); it != datasets_.end())
        return it->second;
    const io::DatasetSpec* spec = specOf(set_, role);
    if (!spec)
        throw InvalidArgument(set_.folder + ": the set has no '" + role +
                              "' dataset (it has: " + rolesText(set_) + ")");
    data::LoadOptions options = loadOptions();
    if (data::isDatasetRole(role))  // a manifest may keep others (with a warning)
        options.role = data::parseRole(role);
    if (options.role == data::DatasetRole::Train)
        options.trainStatistics = nullptr;  // norm=train: its own statistics
    return datasets_.emplace(role, data::loadDataset(spec->spec, options)).first->second;
}

// The set's folder and default normalisation; norm=train gets the statistics
// of the train role's inputs as stored (computed once).
data::LoadOptions LoadedSet::loadOptions() {
    data::LoadOptions options;
    options.baseDir = set_.baseFolder();
    options.defaultNormalization = set_.defaultNormalization;
    const io::DatasetSpec* train = specOf(set_, "train");
    options.trainDescription = train ? train->spec : "";
    options.trainStatistics = [this, train]() -> data::ChannelStats {
        if (!train)
            throw InvalidArgument(set_.folder +
                                  ": norm=train needs the set's 'train' dataset, and the set has "
                                  "none (it has: " +
                                  rolesText(set_) +
                                  "); add one, or give the constants mean=a:b:c,std=a:b:c");
        if (!trainStats_) {
            data::LoadOptions raw;
            raw.baseDir = set_.baseFolder();
            raw.raw = true;
            trainStats_ = data::computeChannelStats(data::loadDataset(train->spec, raw).inputs);
        }
        return *trainStats_;
    };
    return options;
}

model::ParameterSet LoadedSet::weights(const std::string& member) const {
    const io::SetMember* m = set_.findMember(member);
    if (!m)
        throw InvalidArgument(set_.folder + ": no member named '" + member + "'");
    const auto file = io::openMember(*m);
    return model::ParameterSet::fromCheckpoint(*file).to(at::kFloat);
}

}  // namespace modescape::evaluation
