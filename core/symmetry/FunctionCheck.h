#pragma once
// Checks that a transformation kept the network's function: logits on the
// same random inputs, before and after.

#include <cstdint>
#include <vector>

#include "core/model/Model.h"
#include "core/model/ParameterSet.h"

namespace modescape::symmetry {

// Standard-normal inputs [n, sampleShape...] from a CPU generator seeded with seed.
at::Tensor randomInputs(const std::vector<std::int64_t>& sampleShape, std::int64_t n,
                        std::uint64_t seed);

// max |f_a(x) - f_b(x)| / max |f_a(x)| over the logits (eval mode, no grad).
double relativeOutputDifference(const model::Model& model, const model::ParameterSet& a,
                                const model::ParameterSet& b, const at::Tensor& x);

}  // namespace modescape::symmetry
