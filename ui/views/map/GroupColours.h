#pragma once
// Categorical colours for groups (posterior approximations, methods), shared
// by the map and the symmetry panels so a group has one colour everywhere.

#include <QColor>

namespace modescape::ui {

// A qualitative palette of 10 distinguishable colours, cycled beyond 10.
void groupColour(int groupIndex, double rgb[3]);
QColor groupQColor(int groupIndex);

}  // namespace modescape::ui
