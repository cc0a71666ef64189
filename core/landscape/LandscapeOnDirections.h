#pragma once
// The landscape engine on directions made elsewhere (a trajectory's PCA
// plane, core/trajectory): the same grid fit, data subset, hashes and
// evaluator as computeLandscape, which makes its directions from the
// settings and then calls this. Internal to core (LibTorch types).

#include <string>

#include "core/landscape/LandscapeCompute.h"
#include "core/landscape/LandscapeDirections.h"
#include "core/landscape/LandscapeInputs.h"

namespace modescape::landscape {

// Fills result's points not computed yet on `directions` (its centre, x, y
// and markers; with settings.fitRange the grid spans the markers). `inputs`
// holds the members' hashes (contentHashOf) and the direction file's; the
// data's and the model's are added here. Throws as computeLandscape.
void computeLandscapeOn(evaluation::LoadedSet& set, LandscapeResult& result,
                        const LandscapeDirections& directions, LandscapeInputs inputs,
                        const JobContext& job, const RowCallback& onRow = {},
                        const GridFill& fill = {});

// The content hash of a member's tensors, as LandscapeInputs::members keeps it.
std::string contentHashOf(const model::ParameterSet& weights);

}  // namespace modescape::landscape
