#pragma once
// The symmetry spec of a set whose TorchScript model comes with none (no
// --spec, no symmetry.json): inferred from the model's graph and checked
// before it is used (SpecInference.h), the check's result cached per model
// file content. What symmetrySpecForSet (SetSymmetry.h) falls back to.

#include <cstdint>
#include <vector>

#include "core/symmetry/SymmetrySpec.h"

namespace modescape::evaluation {
class LoadedSet;
}

namespace modescape::symmetry {

// One input sample's shape: of the set's test data, else of its other
// datasets (read as stored). Throws InvalidArgument when the set has none.
std::vector<std::int64_t> setSampleShape(const evaluation::LoadedSet& set);

// Throws InvalidArgument when the set has no dataset to shape the check's
// inputs, or when the inferred spec fails its check (naming the groups that
// break the function); never returns a spec that failed.
SymmetrySpec inferredSpecForSet(const evaluation::LoadedSet& set);

}  // namespace modescape::symmetry
