#pragma once
// MC dropout made explicit as weights. The MLP is trained with dropout after
// each hidden activation; a posterior sample is one dropout mask m (Bernoulli,
// keep probability 1 - p, scaled by 1 / (1 - p)) per hidden unit, folded into
// the columns of the following linear layer: W_next' = W_next diag(m / (1 - p)).
// Each member is therefore an ordinary weight set whose forward pass equals
// the dropout network with that mask applied to every input (one mask per
// member, shared across inputs — document this when comparing with per-input
// MC dropout, which draws a fresh mask per sample).

#include <cstdint>

#include "core/sampling/Member.h"

namespace modescape::model {
class MlpModel;
}

namespace modescape::sampling {

// Folds `count` seeded masks into copies of weights (trained with dropout p).
SamplerOutput foldDropoutMasks(const model::MlpModel& model, const model::ParameterSet& weights,
                               int count, std::uint64_t seed);

}  // namespace modescape::sampling
