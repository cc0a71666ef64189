#pragma once
// A checkpoint set made ready to evaluate: its model built from the manifest,
// its datasets loaded by role, and its members' weights read on demand.

#include <map>
#include <memory>
#include <string>

#include "core/data/Dataset.h"
#include "core/io/set/CheckpointSet.h"
#include "core/model/Model.h"
#include "core/model/ParameterSet.h"

namespace modescape::evaluation {

class LoadedSet {
public:
    // Throws InvalidArgument when the set names no model (evaluation needs
    // one: add "model" to modescape.json), ShapeMismatch listing the missing,
    // unexpected and wrongly shaped tensors when the members' weights do not
    // fit the model exactly, and whatever building the model throws.
    explicit LoadedSet(io::CheckpointSet set);

    const io::CheckpointSet& set() const { return set_; }
    const model::Model& model() const { return *model_; }
    // The manifest's model description as JSON text (part of cache keys).
    const std::string& modelDescription() const { return modelDescription_; }

    // The dataset of a role ("train", "test", "ood"), loaded once. Throws
    // InvalidArgument naming the roles the set has when it lacks this one.
    const data::Dataset& dataset(const std::string& role);
    bool hasRole(const std::string& role) const;

    // A member's weights as float32 on the CPU. Throws InvalidArgument for an
    // unknown member, IoError / FormatError for an unreadable file.
    model::ParameterSet weights(const std::string& member) const;

private:
    void requireWeightsFitModel() const;

    io::CheckpointSet set_;
    std::unique_ptr<model::Model> model_;
    std::string modelDescription_;
    std::map<std::string, data::Dataset> datasets_;
};

}  // namespace modescape::evaluation
