#pragma once
// The map without a window (`modescape project --figure`, tests): a 2-D map
// paints itself (PNG, SVG, PDF with real text), a 3-D map is rendered by VTK.

#include <QImage>
#include <QSize>

#include "core/symmetry/SetProjection.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/views/map/MapModel.h"

namespace modescape::ui {

// The 3-D map's points and texts are sized for this picture and scaled with others.
inline constexpr QSize kMapReferenceSize{800, 640};

// A model of the projection coloured by group, all points shown.
MapModel mapModelOf(const symmetry::SetProjection& projection);

// The 2-D map's paint function; it holds its own copy of the model.
FigurePaint mapFigurePaint(MapModel model);

// A 3-D map as pixels, its text `textPixels` high (a figure's points x DPI /
// 72; 0: scaled with the picture). Needs a QApplication that can render (see
// ensureOffscreenApplication).
QImage renderMap3dImage(const MapModel& model, QSize size, bool transparentBackground = false,
                        double textPixels = 0);

}  // namespace modescape::ui
