#pragma once
// The path chart and the curve on its plane as pictures, without a window:
// `modescape connect --png`, `curve-plane --png` and tests use them. (The
// barrier heatmap paints itself: BarrierHeatmapFigure.)

#include <QImage>
#include <QSize>

#include <string>
#include <vector>

#include "core/connectivity/CurvePlaneResult.h"
#include "core/connectivity/PathResult.h"
#include "ui/views/connectivity/PathChart.h"

namespace modescape::ui {

// The path chart's screen look (`connect --figure`'s default size): text at
// 9 pt at 96 dpi at this size, scaled with a pixel size (ui/rendering/FigureSize.h).
inline constexpr QSize kPathChartSize{800, 600};

// Need a QApplication that can render (see ensureOffscreenApplication).
QImage renderPathChart(const std::vector<connectivity::PathResult>& paths, PathChart::Split split,
                       QSize size);
// The curve on its plane as a surface, or a contour map when `contour`.
QImage renderCurvePlane(const connectivity::CurvePlaneResult& plane, bool contour, QSize size);

// Make the application if needed, render and save atomically (PNG unless the
// suffix names another format). Throw modescape::Error (no display, no
// OpenGL) or IoError (the file).
void writePathChartImage(const std::vector<connectivity::PathResult>& paths, PathChart::Split split,
                         const std::string& path, QSize size);
void writeCurvePlaneImage(const connectivity::CurvePlaneResult& plane, bool contour,
                          const std::string& path, QSize size);

}  // namespace modescape::ui
