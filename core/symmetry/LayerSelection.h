#pragma once
// Which tensors of a member a map or an MMD flattens: every parameter by
// default; or those whose name matches a regex, without the normalisation
// layers, only the last layer, and/or with the buffers.

#include <string>
#include <vector>

#include "core/model/ParameterSet.h"

namespace modescape::symmetry {

struct LayerSelection {
    std::string pattern;                // ECMAScript regex searched in each name; empty = all
    bool excludeNormalization = false;  // BatchNorm (weight, bias, statistics) and FRN tensors
    bool lastLayerOnly = false;         // the last weight of rank >= 2 and its bias
    bool includeBuffers = false;        // float buffers (BatchNorm running statistics)

    bool selectsEverything() const {
        return pattern.empty() && !excludeNormalization && !lastLayerOnly;
    }
};

// The names kept, in the set's order. Throws InvalidArgument for a bad regex
// or when nothing is left, naming the selection.
std::vector<std::string> selectTensors(const model::ParameterSet& weights,
                                       const LayerSelection& selection);

// The kept float tensors flattened and concatenated in order, as float32.
at::Tensor flattenSelected(const model::ParameterSet& weights,
                           const std::vector<std::string>& names);

// "all parameters", or e.g. "/conv/, no normalisation, last layer, buffers".
std::string describeSelection(const LayerSelection& selection);

}  // namespace modescape::symmetry
