#pragma once
// A checkpoint set made ready to evaluate: its model built from the manifest,
// its datasets loaded by role, and its members' weights read on demand.

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/data/Dataset.h"
#include "core/data/DatasetSpec.h"
#include "core/io/set/CheckpointSet.h"
#include "core/model/Model.h"
#include "core/model/ParameterSet.h"

namespace modescape::evaluation {

// Whether a computation needs the set's model: evaluating members does;
// a map or an MMD of the raw weights does not (a folder of checkpoints
// without a manifest is enough).
enum class ModelNeed { Required, WhenUsed };

class LoadedSet {
  public:
    // Required: builds the model now; throws InvalidArgument when the set names
    // no model (add "model" to modescape.json), ShapeMismatch listing the
    // missing, unexpected and wrongly shaped tensors when the members' weights
    // do not fit the model exactly, and whatever building the model throws.
    // WhenUsed: builds it on the first model() call, which throws those instead.
    explicit LoadedSet(io::CheckpointSet set, ModelNeed need = ModelNeed::Required);

    const io::CheckpointSet& set() const { return set_; }
    // Thread-safe; see the constructor for what it throws under WhenUsed.
    const model::Model& model() const;
    bool namesModel() const { return set_.model.kind != io::ModelSpec::Kind::None; }
    // The manifest's model description as JSON text (part of cache keys).
    const std::string& modelDescription() const { return modelDescription_; }

    // The dataset of a role ("train", "test", "ood"), loaded once and
    // normalised as its spec says, else with the set's defaultNormalization
    // (norm=train: statistics of the set's train inputs as stored). Throws
    // InvalidArgument naming the roles the set has when it lacks this one, or
    // when norm=train is asked of a set without a train dataset.
    const data::Dataset& dataset(const std::string& role);
    bool hasRole(const std::string& role) const;

    // A member's weights as float32 on the CPU. Throws InvalidArgument for an
    // unknown member, IoError / FormatError for an unreadable file.
    model::ParameterSet weights(const std::string& member) const;

  private:
    void requireWeightsFit(const model::Model& model) const;
    data::LoadOptions loadOptions();

    io::CheckpointSet set_;
    mutable std::mutex modelMutex_;
    mutable std::unique_ptr<model::Model> model_;
    std::string modelDescription_;
    std::map<std::string, data::Dataset> datasets_;
    std::optional<data::ChannelStats> trainStats_;
};

}  // namespace modescape::evaluation
