#pragma once
// The path chart's screen size, and the curve on its plane as a picture
// without a window (`curve-plane --figure`). The path chart and the barrier
// heatmap paint themselves (PathChart::chartData, BarrierHeatmapFigure).

#include <QImage>
#include <QSize>

#include <string>
#include <vector>

#include "core/connectivity/CurvePlaneResult.h"
#include "core/connectivity/PathResult.h"
#include "ui/rendering/FigureSize.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/views/connectivity/PathChart.h"

namespace modescape::ui {

// The path chart's screen look (`connect --figure`'s default size): text at
// 9 pt at 96 dpi at this size, scaled with a pixel size (ui/rendering/FigureSize.h).
inline constexpr QSize kPathChartSize{800, 600};

// Needs a QApplication that can render (see ensureOffscreenApplication).
// The curve on its plane as a surface, or a contour map when `contour`, at
// the figure's pixel size with its text (points at its DPI).
QImage renderCurvePlane(const connectivity::CurvePlaneResult& plane, bool contour,
                        const ResolvedFigure& figure);

// The curve on its plane's contour map as a paint function (a vector figure).
FigurePaint curvePlaneContourPaint(const connectivity::CurvePlaneResult& plane);

}  // namespace modescape::ui
