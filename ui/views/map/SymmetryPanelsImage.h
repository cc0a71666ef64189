#pragma once
// The symmetry panels as a picture without a window: `modescape panels --png`
// and tests.

#include <QImage>
#include <QSize>

#include <string>

#include "core/symmetry/SymmetryPanelsResult.h"

namespace modescape::ui {

// The page's panel grid laid out at `size` and painted. Needs a QApplication
// (see ensureOffscreenApplication).
QImage renderSymmetryPanels(const symmetry::SymmetryPanelsResult& result, QSize size,
                            bool transparentBackground = false);

// Makes the application if needed, renders and saves atomically. Throws
// modescape::Error (no display) or IoError (the file).
void writeSymmetryPanelsImage(const symmetry::SymmetryPanelsResult& result, const std::string& path,
                              int width, int height);

}  // namespace modescape::ui
