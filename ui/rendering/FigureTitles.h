#pragma once
// Whether the painted 2-D figures draw their titles (issue 15: "titles
// optional"). `modescape render --no-title` turns them off for the whole
// process; the frame then gives the title's room to the plot (PlotFrame).
// Axis names, tick labels, legends and colour bars stay.

namespace modescape::ui {

bool figureTitlesShown();
void setFigureTitlesShown(bool shown);

}  // namespace modescape::ui
