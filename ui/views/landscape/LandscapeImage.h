#pragma once
// A landscape figure rendered without a window, for `modescape landscape
// --png`: the 3-D surface or the contour map of a 2-D slice, the line chart of
// a 1-D one, at an exact pixel size.

#include <QImage>
#include <QSize>

#include "core/landscape/LandscapeResult.h"
#include "ui/views/landscape/SurfaceStyle.h"

namespace modescape::ui {

enum class LandscapeFigure { Surface, Contour };

// Needs a QApplication with OpenGL (see ui/rendering/OffscreenRender.h). A 1-D
// result is always drawn as its line chart. Throws modescape::Error when
// OpenGL gives back no image.
QImage renderLandscapeImage(const landscape::LandscapeResult& result, LandscapeFigure figure,
                            const SurfaceStyle& style, QSize size);

}  // namespace modescape::ui
