#pragma once
// The reliability diagram as a figure, without a window: `modescape
// calibrate --figure` (PNG, SVG or PDF through the FigureWriter) and tests.

#include <QImage>
#include <QSize>
#include <QString>

#include "ui/rendering/FigureSize.h"
#include "ui/views/calibration/ReliabilityDiagramScene.h"

namespace modescape::ui {

// The screen look: the layout at this size, text at 9 pt and 96 dpi; larger
// pixel sizes scale it (text included).
inline constexpr QSize kReliabilityReferenceSize{800, 640};

// The diagram painted at `size` pixels. Needs a QGuiApplication (fonts).
QImage renderReliabilityDiagram(const ReliabilityDiagramData& data, QSize size,
                                bool transparentBackground = false);

// Where the charts of `figure` lie (tests compute where a bar must be).
ReliabilityFrames reliabilityFramesAt(const ReliabilityDiagramData& data,
                                      const ResolvedFigure& figure);
// The same at `size` pixels, as renderReliabilityDiagram paints them.
ReliabilityFrames reliabilityFramesAt(const ReliabilityDiagramData& data, QSize size);

// Writes the diagram to `path` (PNG, SVG or PDF by its suffix) atomically.
// Throws modescape::IoError (the file) or InvalidArgument (the suffix).
void writeReliabilityDiagramFigure(const ReliabilityDiagramData& data, const QString& path,
                                   const ResolvedFigure& figure);

}  // namespace modescape::ui
