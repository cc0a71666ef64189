#pragma once
// The editor of a Grid parameter ("X0:X1:NX[,Y0:Y1:NY]"): a 1-D / 2-D choice
// and from / to / count per axis. Its parts are named "<editor>.dimensions",
// "<editor>.x-from", "<editor>.x-to", "<editor>.x-count" and the same for y
// once the editor has its name (see nameEditorParts).

#include <QWidget>

#include <functional>
#include <string>

namespace modescape::ui {

// `edited` is called whenever a part changes.
QWidget* makeGridEditor(QWidget* host, const std::function<void()>& edited);
// The grid as its text, e.g. "-1:1:21,-1:1:21".
std::string gridText(QWidget* grid);
// Shows a grid text without signalling; false (nothing changed) when it is not one.
bool showGridText(QWidget* grid, const std::string& text);

}  // namespace modescape::ui
