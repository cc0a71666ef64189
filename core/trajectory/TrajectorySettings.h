#pragma once
// What a trajectory plane is made of (docs/trajectory.md): the groups whose
// members form the paths (the plane is the PCA of all of them, centred on one
// member), the groups drawn as a scatter on it, and the surface's grid and
// data. Plain data: the analysis fills it from its parameter values.

#include <string>
#include <vector>

#include "core/landscape/LandscapeSettings.h"

namespace modescape::trajectory {

// The word that centres the plane on the first path's last member.
inline constexpr const char* kLastMember = "last";

struct TrajectorySettings {
    std::vector<std::string> groups;         // paths, in this order; at least one
    std::string center = kLastMember;        // "last", or a member's name
    std::vector<std::string> scatterGroups;  // projected only (SWAG, HMC samples)
    // Grid, split, subset, seed, scope, engine and tuning of the surface; its
    // directions and centre are the plane's. fitRange: the grid spans every
    // drawn point (and the centre) with the landscape's 25% margin.
    landscape::LandscapeSettings surface;
};

}  // namespace modescape::trajectory
