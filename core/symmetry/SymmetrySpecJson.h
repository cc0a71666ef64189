#pragma once
// The symmetry spec as JSON (schema in docs/symmetry.md), for TorchScript
// models and for recording which spec a result used.

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "core/symmetry/SymmetrySpec.h"

namespace modescape::model {
struct TensorSpec;
}

namespace modescape::symmetry {

// Throws FormatError(path, place + problem) for text that breaks the schema.
SymmetrySpec parseSymmetrySpec(const std::string& text, const std::string& path);
// Throws IoError when the file cannot be read, FormatError as above.
SymmetrySpec readSymmetrySpec(const std::string& path);
nlohmann::json symmetrySpecToJson(const SymmetrySpec& spec);

// Checks every axis against the model's tensors: the tensor exists, the axis
// is inside it and has size * block entries; no (tensor, axis) is claimed
// twice; a tensor has at most one Out and one In axis; the key tensor is one of
// the group's axes. Throws ShapeMismatch naming the group and the tensor.
void validateSymmetrySpec(const SymmetrySpec& spec, const std::vector<model::TensorSpec>& tensors);

}  // namespace modescape::symmetry
