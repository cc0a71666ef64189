#pragma once
// Entry point of the graphical program, shared by `modescape` and `modescape gui`.

#include <QString>

namespace modescape::ui {

// Must run before the QApplication exists: the OpenGL format VTK needs.
void setDefaultSurfaceFormat();

// Creates the application and the main window, opens setDirectory when not
// empty, and runs the event loop; returns its exit code.
int runGui(int argc, char** argv, const QString& setDirectory);

}  // namespace modescape::ui
