#pragma once
// Categorical colours for groups (posterior approximations, methods), shared
// by the map and the symmetry panels so a group has one colour everywhere.

#include <QColor>

namespace modescape::ui {

// The Okabe–Ito colour-blind-safe palette of 8 colours, cycled beyond 8.
void groupColour(int groupIndex, double rgb[3]);
QColor groupQColor(int groupIndex);

}  // namespace modescape::ui
