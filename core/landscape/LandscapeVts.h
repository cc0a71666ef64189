#pragma once
// VTK XML structured grid (.vts) of a surface, for ParaView: an nx x ny x 1
// grid of points (alpha, beta, 0) with point arrays "loss" and "accuracy"
// (fraction; NaN where not computed) and "computed" (UInt8: 1 where computed,
// even where the loss is NaN or Inf). Written by us as plain XML (core has no
// VTK), arrays inline as base64 binary so NaN survives. In ParaView: Warp By
// Scalar (loss) gives the 3-D surface.

#include <string>

#include "core/landscape/LandscapeResult.h"

namespace modescape::landscape {

// The file's text.
std::string landscapeVtsText(const LandscapeResult& result);
// Atomic. Throws IoError naming path.
void writeLandscapeVts(const std::string& path, const LandscapeResult& result);

}  // namespace modescape::landscape
