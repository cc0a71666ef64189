#pragma once
// What resources/modescape.qrc compiles into the user interface: the
// application icon (resources/modescape.svg) and the About text
// (resources/about.html). The window, the application and Help > About read
// them here, so that no one else needs to know the resource paths.

#include <QIcon>
#include <QString>

namespace modescape::ui {

// The Modescape icon, drawn from the SVG at whatever size is asked for.
QIcon applicationIcon();

// The About dialog's rich text with its placeholders %1 .. %6 still in
// (ui/mainwindow/AboutText fills them); the file's leading comment removed.
QString aboutTextTemplate();

// The name of the desktop entry (resources/<name>.desktop), which is also the
// AppStream id: Wayland compositors find the icon and the entry by it.
inline constexpr const char* kDesktopFileName = "io.github.modescape.Modescape";

}  // namespace modescape::ui
