#pragma once
// Entry point of the graphical program, shared by `modescape` and `modescape gui`.

#include <QString>

#include "core/io/set/SetOverrides.h"

namespace modescape::ui {

class MainWindow;

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

// What a start of the program does with its new window: the example surface
// page, then the autosave of a window that did not close normally is offered
// (MODESCAPE_RESTORE_AUTOSAVE answers without asking), else the start's set or
// session is opened; the window is shown, full screen in presentation mode
// when `start.present`. A function of its own so tests can start a window as
// `modescape gui` does.
void startWindow(MainWindow& window, const GuiStart& start);

// Creates the application and the main window, starts it (startWindow) and
// runs the event loop; returns its exit code.
int runGui(int argc, char** argv, const GuiStart& start);

}  // namespace modescape::ui
