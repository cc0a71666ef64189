#pragma once
// A trained curve on the loss landscape of its own plane (CurvePlaneLandscape.h):
// plain data (no LibTorch) for the views.

#include <cstdint>
#include <string>
#include <vector>

#include "core/connectivity/PathSettings.h"
#include "core/landscape/LandscapeResult.h"

namespace modescape::connectivity {

struct CurvePlaneSettings {
    int gridPoints = 31;   // per axis
    double margin = 0.25;  // added on every side, as a fraction of the curve's extent
    std::string split = "test";
    std::int64_t subset = 0;  // samples per grid point; 0 = the whole split
    int curvePoints = 61;
};

struct CurvePlaneResult {
    // Centred on A; markers A (0, 0), B (1, 0) and "bend" (bendX, bendY).
    landscape::LandscapeResult surface;
    PathKind kind = PathKind::Bezier;
    std::string memberA, memberB;
    std::vector<double> t, x, y;  // theta(t) on the plane
    double bendX = 0.0, bendY = 0.0;
};

}  // namespace modescape::connectivity
