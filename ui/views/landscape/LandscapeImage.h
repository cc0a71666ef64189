#pragma once
// A landscape figure rendered without a window, for `modescape landscape
// --figure`: the 3-D surface of a 2-D slice (pixels), its painted contour
// map, or the painted line chart of a 1-D one.

#include <QImage>
#include <QSize>

#include "core/landscape/LandscapeResult.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/views/landscape/SurfaceStyle.h"

namespace modescape::ui {

enum class LandscapeFigure { Surface, Contour };

// Needs a QApplication with OpenGL (see ui/rendering/OffscreenRender.h). A 1-D
// result is always drawn as its line chart. The figure gives the pixel size
// and the text's (points at its DPI). Throws modescape::Error when OpenGL
// gives back no image.
QImage renderLandscapeImage(const landscape::LandscapeResult& result, LandscapeFigure figure,
                            const SurfaceStyle& style, const ResolvedFigure& size);

// A 1-D result's line chart as a paint function (vector SVG / PDF with real
// text through the FigureWriter); empty for a 2-D result.
FigurePaint landscapeLinePaint(const landscape::LandscapeResult& result);

// The painted figure of a result: a 1-D result's line chart, a 2-D one's
// contour map (ContourFigure); empty for the 3-D surface, which is pixels.
FigurePaint landscapeFigurePaint(const landscape::LandscapeResult& result, LandscapeFigure figure,
                                 const SurfaceStyle& style);

}  // namespace modescape::ui
