#pragma once
// A trajectory figure rendered without a window, for `modescape trajectory
// --figure`: the paths on the 3-D surface or on the contour map, as the
// Trajectory tab draws them (pixels).

#include <QImage>
#include <QSize>

#include "core/trajectory/TrajectoryResult.h"

namespace modescape::ui {

// Needs a QApplication with OpenGL (ui/rendering/OffscreenRender.h). Throws
// modescape::Error when OpenGL gives back no image.
QImage renderTrajectoryImage(const trajectory::TrajectoryResult& result, bool contour, QSize size);

}  // namespace modescape::ui
