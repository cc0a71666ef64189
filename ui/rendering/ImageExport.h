#pragma once
#include <QImage>
#include <QString>

namespace modescape::ui {

// Saves through a temporary file and a rename, so a crash never leaves half a PNG.
// The format follows the file's suffix (png when none). Returns false on failure.
bool saveImageAtomically(const QImage& image, const QString& path);

}  // namespace modescape::ui
