#pragma once
// The path chart and the barrier heatmap as pictures, without a window:
// `modescape connect --png` and tests use them.

#include <QImage>
#include <QSize>

#include <string>
#include <vector>

#include "core/connectivity/BarrierMatrix.h"
#include "core/connectivity/PathResult.h"
#include "ui/views/connectivity/PathChart.h"

namespace modescape::ui {

// Need a QApplication that can render (see ensureOffscreenApplication).
QImage renderPathChart(const std::vector<connectivity::PathResult>& paths, PathChart::Split split,
                       QSize size);
QImage renderBarrierHeatmap(const connectivity::BarrierMatrix& matrix, QSize size);

// Make the application if needed, render and save atomically (PNG unless the
// suffix names another format). Throw modescape::Error (no display, no
// OpenGL) or IoError (the file).
void writePathChartImage(const std::vector<connectivity::PathResult>& paths, PathChart::Split split,
                         const std::string& path, QSize size);
void writeBarrierHeatmapImage(const connectivity::BarrierMatrix& matrix, const std::string& path,
                              QSize size);

}  // namespace modescape::ui
