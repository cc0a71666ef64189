#pragma once
// The engine's LandscapeResult as the plain grid the views draw, with a
// short title that states how the slice was made and axis titles that name
// its directions.

#include "core/landscape/LandscapeResult.h"
#include "ui/views/landscape/LandscapeGrid.h"

namespace modescape::ui {

LandscapeGrid gridFromResult(const landscape::LandscapeResult& result);

// "Test loss, random directions, seed 0"; "Test loss, plane through 3 members"
QString describeSlice(const landscape::LandscapeResult& result);

}  // namespace modescape::ui
