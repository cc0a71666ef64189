#pragma once
// Seeded random directions and their normalisation (Li et al. 2018; see
// docs/definitions.md). Internal to core/landscape (LibTorch types).

#include <cstdint>
#include <vector>

#include "core/landscape/LandscapeSettings.h"
#include "core/model/ParameterSet.h"

namespace modescape::landscape {

// Whether a tensor of `weights` is covered by directions of this scope:
// parameters always, float buffers with States, integer buffers never.
bool coveredByScope(const model::ParameterSet::Entry& entry, DirectionScope scope);

// `count` directions, each one standard-normal tensor per covered tensor of
// weights (same names, shapes, float32, CPU), drawn one after the other from
// one data::SeededRandom(seed) stream, so a seed gives the same directions on
// every platform. Uncovered tensors are absent.
std::vector<model::ParameterSet> randomDirections(const model::ParameterSet& weights,
                                                  DirectionScope scope, std::uint64_t seed,
                                                  int count);

// Rescales direction in place against the matching tensors of weights:
// tensors with dim <= 1 become 0 (BiasBn) or a copy of the weight (None);
// the others are filter-, layer- or not normalised. Throws ShapeMismatch when
// a direction tensor has no weight of its shape.
void normalizeDirection(model::ParameterSet& direction, const model::ParameterSet& weights,
                        Normalization normalization, IgnoreMode ignore);

}  // namespace modescape::landscape
