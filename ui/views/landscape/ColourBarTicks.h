#pragma once
// The colour bar's numbers on the landscape figures: nice values (NiceTicks)
// inside the bar's range, as many as its length has room for, printed with
// the decimals their step needs ("0.2 0.4 0.6", not "0.171 0.365 0.56").

#include <string>
#include <vector>

namespace modescape::ui {

struct ColourBarTicks {
    std::vector<double> values;  // inside [lo, hi], increasing
    std::string format;          // printf format for vtkScalarBarActor's labels
};

// `barPixels` is the bar's length, `textPixels` its labels' height: ticks
// kYTickSpacingEm lines of text apart (TickSpacing.h), like a painted chart's
// vertical axis and the painted colour bars.
ColourBarTicks colourBarTicks(double lo, double hi, double barPixels, double textPixels);

}  // namespace modescape::ui
