#pragma once
// The centre and the directions a slice is computed with, made from the
// settings. Internal to core/landscape (LibTorch types).

#include <functional>
#include <string>
#include <vector>

#include "core/jobs/Progress.h"
#include "core/landscape/LandscapeResult.h"
#include "core/model/ParameterSet.h"

namespace modescape::landscape {

struct LandscapeDirections {
    model::ParameterSet center;  // theta*: every tensor the model reads
    model::ParameterSet x;       // covered tensors only; absent = 0
    model::ParameterSet y;       // empty in 1-D
    std::vector<LandscapeMarker> markers;
    std::string centerName;
    std::vector<std::string> members;  // the members read
    std::string pcaAlgorithm;          // which PCA gave the directions (--dirs pca), else empty
    std::vector<DirectionCurvature> curvature;  // Hessian directions only
};

// A member's weights by name (float32, CPU); throws for an unknown name.
using MemberWeights = std::function<model::ParameterSet(const std::string&)>;

// Hessian directions need the model and the data: makeDirections leaves x
// and y empty for them, and computeLandscape fills them (HessianDirections.h).
// allMembers: the set's members in order (the first is the default centre,
// all of them the default PCA selection). Throws InvalidArgument for bad
// settings, what MemberWeights and the direction readers throw.
LandscapeDirections makeDirections(const LandscapeSettings& settings, const MemberWeights& weights,
                                   const std::vector<std::string>& allMembers,
                                   const JobContext& job);

}  // namespace modescape::landscape
