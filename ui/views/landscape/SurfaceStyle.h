#pragma once
// Display settings of the landscape views. Changing any of them re-renders
// the computed grid; none of them recomputes it.

#include "ui/rendering/Colormaps.h"

namespace modescape::ui {

struct SurfaceStyle {
    Colormap colormap = Colormap::Viridis;
    bool logScale = false;     // colour and height by log10(loss)
    double clipAbove = 0.0;    // clip heights/colours above this loss; 0 = no clipping
    double heightScale = 1.0;  // height of the loss range relative to the plane's extent
    int isolineCount = 12;     // 0 = none
    bool showScalarBar = true;
    bool showAxes = true;
    bool showMarkers = true;
};

}  // namespace modescape::ui
