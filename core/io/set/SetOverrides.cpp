#include "core/io/set/SetOverrides.h"

#include <algorithm>

#include "core/data/DatasetRoleWords.h"

namespace modescape::io {

const std::vector<std::string>& datasetRoles() {
    static const std::vector<std::string> roles = wordsOf(data::kDatasetRoleWords);
    return roles;
}

void applyOverrides(CheckpointSet& set, const SetOverrides& overrides) {
    if (overrides.model && overrides.model->kind != ModelSpec::Kind::None) {
        set.model = *overrides.model;
        set.modelSource = overrides.source;
    }
    for (const DatasetSpec& given : overrides.datasets) {
        const auto same = std::find_if(set.datasets.begin(), set.datasets.end(),
                                       [&](const DatasetSpec& d) { return d.role == given.role; });
        if (same != set.datasets.end())
            same->spec = given.spec;
        else
            set.datasets.push_back(given);
    }
    if (overrides.defaultNormalization)
        set.defaultNormalization = *overrides.defaultNormalization;
}

std::string describeModelAndSource(const CheckpointSet& set) {
    if (set.model.kind == ModelSpec::Kind::None)
        return set.recognition.empty() ? "none" : "none (" + set.recognition + ")";
    if (set.modelSource == "recognised")
        return set.model.describe() + " (recognised: " + set.recognition + ")";
    return set.model.describe() + (set.modelSource.empty() ? "" : " (" + set.modelSource + ")");
}

}  // namespace modescape::io
