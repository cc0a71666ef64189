#pragma once
// A model, datasets and a default normalisation given for a checkpoint set
// from outside its own manifest: the command line (--model, --dataset), a
// session (not yet kept; the hook is SetOverrides::source), or a sidecar
// manifest. Precedence, highest first: command line, session, sidecar, the
// folder's manifest, recognition (docs/recognition.md).

#include <optional>
#include <string>
#include <vector>

#include "core/io/set/CheckpointSet.h"

namespace modescape::io {

struct SetOverrides {
    std::optional<ModelSpec> model;
    // Replace the set's spec of the same role; other roles stay.
    std::vector<DatasetSpec> datasets;
    // Dataset-spec options ("mean=...,std=..."); replaces the set's default.
    std::optional<std::string> defaultNormalization;
    // Named in CheckpointSet::modelSource: "command line", "session", "sidecar".
    std::string source = "command line";

    bool empty() const { return !model && datasets.empty() && !defaultNormalization; }
};

// The dataset roles a set knows, in the order of data::kDatasetRoleWords
// (core/data/DatasetRoleWords.h): train, test, ood.
const std::vector<std::string>& datasetRoles();

// Applies overrides on top of what set holds (call it in order of rising
// precedence). A model sets modelSource to overrides.source.
void applyOverrides(CheckpointSet& set, const SetOverrides& overrides);

// The set's model and where it came from, as `info` and the GUI show it:
// "builtin: resnet18 {...} (recognised: resnet18, 10 classes, BatchNorm)",
// "... (command line)", or "none (" + why recognition found nothing + ")".
std::string describeModelAndSource(const CheckpointSet& set);

}  // namespace modescape::io
