#pragma once
// The PCA directions of a landscape (`--dirs pca`) with one member's weights
// in memory at a time: the members' covered tensors are read in selection
// order as rows of a projection::MemberRowSource, the PCA is the streamed
// exact one (panel passes over the Gram matrix) or, past its reach, the
// randomized one (PcaChoice's rule), and one more pass turns the left vectors
// into the D-long directions. Internal to core/landscape (LibTorch types).

#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/MemberDirections.h"
#include "core/model/ParameterSet.h"

namespace modescape::landscape {

struct StreamedPca {
    PcaDirections directions;
    std::string algorithm;  // "exact (Gram matrix, 1 pass over the members)", or the randomized one
};

// `like` gives the names and shapes of the directions (any member or the
// centre). seed drives the randomized PCA's sketch. Throws InvalidArgument
// for fewer than 3 members, ShapeMismatch when a member's covered tensors
// differ in size from the first's, MemoryLimitExceeded from the PCA, Cancelled.
StreamedPca streamedPrincipalDirections(const std::vector<std::string>& names,
                                        const MemberWeights& weights,
                                        const model::ParameterSet& like, DirectionScope scope,
                                        std::uint64_t seed, const JobContext& job);

// The mean of the named members (as meanOf), summed one member at a time.
model::ParameterSet streamedMean(const std::vector<std::string>& names,
                                 const MemberWeights& weights, const JobContext& job);

}  // namespace modescape::landscape
