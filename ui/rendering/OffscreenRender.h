#pragma once
// Rendering a VTK view to an image from the command line (`--png`): makes the
// QApplication a headless subcommand lacks, checks that OpenGL works before
// any widget needs it, and grabs a view at an exact pixel size. Shared by every
// subcommand that writes a figure.

#include <QImage>
#include <QSize>
#include <QString>

namespace modescape::ui {

class VtkView;

// Creates the process's QApplication when there is none (the default OpenGL
// format first). Throws modescape::Error when there is no display to render
// with (VTK on Debian needs GLX: run under `xvfb-run -a`) or when no OpenGL
// context can be made on it.
void ensureOffscreenApplication();

// The view's scene rendered at exactly `size` pixels, without showing it.
// Throws modescape::Error when the GPU gives back no image.
QImage renderViewOffscreen(VtkView& view, QSize size, bool transparentBackground = false);

// Saves atomically; throws modescape::IoError naming the path when it cannot.
void writeImageFile(const QImage& image, const QString& path);

}  // namespace modescape::ui
