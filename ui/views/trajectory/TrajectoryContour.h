#pragma once
// A trajectory result over its plane's contour map (ContourFigure): each
// path as a line through its members coloured by epoch (blue early, red
// late, with its own colour bar), a disc at every member whose size grows
// with its projection error, and the scatter groups as light discs: the 3-D
// view's overlay (TrajectoryOverlay) drawn flat and painted, so it is a
// vector figure.

#include "core/trajectory/TrajectoryResult.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/views/landscape/ContourFigure.h"

namespace modescape::ui {

// shown < 0: every member of every path; else the first `shown` of each.
ContourOverlay trajectoryContourOverlay(const trajectory::TrajectoryResult& result, int shown = -1);

// A member's disc diameter in points for its projection error.
double trajectoryDiscPoints(double projectionError);

// The whole contour figure of a result (`trajectory --plot contour --figure`).
FigurePaint trajectoryContourPaint(const trajectory::TrajectoryResult& result);

}  // namespace modescape::ui
