#pragma once
// How far apart axis ticks are, in lines of text (the font's height), for
// PlotFrame's axes and the colour bars beside them: about 5 to 9 ticks on each
// axis of an 800x600 figure and 3 or 4 in a paper column. A horizontal axis
// also keeps its widest label plus 1.5 lines apart.

namespace modescape::ui {

inline constexpr double kYTickSpacingEm = 4.5;
inline constexpr double kXTickSpacingEm = 6.0;

}  // namespace modescape::ui
