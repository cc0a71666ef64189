#pragma once
// Entry point of the graphical program, shared by `modescape` and `modescape gui`.

#include <QString>

#include "core/io/set/SetOverrides.h"

namespace modescape::ui {

// Must run before the QApplication exists: the OpenGL format VTK needs.
void setDefaultSurfaceFormat();

// What the command line asks the window to open: a set (empty: the demo set),
// with the model and datasets given for it and --allow-outside, or a session
// file (*.modescape).
struct GuiStart {
    QString set;
    io::SetOverrides overrides;
    bool allowOutside = false;
    bool present = false;  // a session, shown in presentation mode (PresentationMode.h)
};

// The set to open for a path given on the command line: the path itself, but
// for a single checkpoint file (*.safetensors, what the desktop entry hands
// over for "Open With Modescape") the folder that holds it.
QString setToOpen(const QString& given);

// Creates the application and the main window, offers to restore the
// autosave of a window that did not close normally, else opens the start's
// set or session, and runs the event loop; returns its exit code.
int runGui(int argc, char** argv, const GuiStart& start);

}  // namespace modescape::ui
