#pragma once
// The symmetry panels as a figure without a window: `modescape panels
// --figure` (PNG, SVG or PDF through the FigureWriter) and tests.

#include <QImage>
#include <QSize>
#include <QString>

#include "core/symmetry/SymmetryPanelsResult.h"
#include "ui/rendering/FigureSize.h"

namespace modescape::ui {

// The grid's screen look: its layout at this size, text at 9 pt and 96 dpi.
inline constexpr QSize kSymmetryPanelsReferenceSize{1100, 600};

// The page's panel grid painted at `size` pixels (text scaled with the size).
// Needs a QApplication (see ensureOffscreenApplication).
QImage renderSymmetryPanels(const symmetry::SymmetryPanelsResult& result, QSize size,
                            bool transparentBackground = false);

// Writes the panels to `path` (PNG, SVG or PDF by its suffix) atomically.
// Throws modescape::IoError (the file) or InvalidArgument (the suffix).
void writeSymmetryPanelsFigure(const symmetry::SymmetryPanelsResult& result, const QString& path,
                               const ResolvedFigure& figure);

}  // namespace modescape::ui
