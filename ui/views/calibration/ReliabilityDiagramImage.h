#pragma once
// The reliability diagram as a picture, without a window: `modescape
// calibrate --png` and tests use it.

#include <QImage>
#include <QSize>

#include <string>

#include "ui/views/calibration/ReliabilityDiagramScene.h"

namespace modescape::ui {

// Texts are sized for this picture size and scaled with larger or smaller ones.
inline constexpr QSize kReliabilityReferenceSize{800, 640};

// Needs a QApplication that can render (see ensureOffscreenApplication).
QImage renderReliabilityDiagram(const ReliabilityDiagramData& data, QSize size,
                                bool transparentBackground = false);

// Makes the application if needed, renders and saves atomically (PNG unless
// the suffix names another format). Throws modescape::Error (no display, no
// OpenGL) or IoError (the file).
void writeReliabilityDiagramImage(const ReliabilityDiagramData& data, const std::string& path,
                                  int width, int height);

}  // namespace modescape::ui
