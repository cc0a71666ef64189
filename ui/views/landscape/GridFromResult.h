#pragma once
// The engine's LandscapeResult as the plain grid the views draw, with a
// title that states how the slice was made.

#include "core/landscape/LandscapeResult.h"
#include "ui/views/landscape/LandscapeGrid.h"

namespace modescape::ui {

LandscapeGrid gridFromResult(const landscape::LandscapeResult& result);

// "test loss - random directions (filter, biasbn), seed 0 - centre m0 - 512 samples"
QString describeSlice(const landscape::LandscapeResult& result);

}  // namespace modescape::ui
