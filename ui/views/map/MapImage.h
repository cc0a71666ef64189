#pragma once
// The map as a picture without a window: `modescape project --png` and tests.

#include <QImage>
#include <QSize>

#include <string>

#include "core/symmetry/SetProjection.h"
#include "ui/views/map/MapScene.h"

namespace modescape::ui {

// Points and texts are sized for this picture size and scaled with others.
inline constexpr QSize kMapReferenceSize{800, 640};

// Needs a QApplication that can render (see ensureOffscreenApplication).
QImage renderMapImage(const symmetry::SetProjection& projection, QSize size,
                      const MemberMetricsMap& metrics = {},
                      MapColouring colouring = MapColouring::Group,
                      bool transparentBackground = false);

// Makes the application if needed, renders and saves atomically. Throws
// modescape::Error (no display, no OpenGL) or IoError (the file).
void writeMapImage(const symmetry::SetProjection& projection, const std::string& path, int width,
                   int height);

}  // namespace modescape::ui
