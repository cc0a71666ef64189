#pragma once
#include <QString>

namespace modescape::ui {

// Rich text for Help > About (resources/about.html): versions of Modescape, Qt,
// VTK, LibTorch, Eigen and the device.
QString aboutText(const QString& deviceDescription);

}  // namespace modescape::ui
