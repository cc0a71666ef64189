#pragma once
// Axis ticks at "nice" values: steps of 1, 2, 2.5 or 5 times a power of ten,
// as many as the axis length has room for. Every 2-D chart (the symmetry
// panels' PlotFrame, and LineChart through it) takes its ticks from here, so a figure
// twice as large gets the same kind of ticks, not twice as many odd ones.

#include <QString>

#include <vector>

namespace modescape::ui {

struct AxisTicks {
    double lo = 0, hi = 1;       // the axis range (widened to ticks when asked)
    double step = 1;             // between two ticks
    std::vector<double> values;  // in [lo, hi], increasing, multiples of step
};

// The smallest nice step (1, 2, 2.5, 5 x 10^k) that puts at most maxCount
// ticks in [lo, hi]. maxCount below 2 counts as 2.
double niceStep(double lo, double hi, int maxCount);

// The next larger nice step (1 -> 2 -> 2.5 -> 5 -> 10 ...).
double nextNiceStep(double step);

// Ticks for data in [lo, hi]. extendToTicks widens the range outwards to the
// nearest ticks, so the axis starts and ends on a labelled value (a range
// across 0 then has at least 3 ticks, whatever maxCount). A flat range
// (lo == hi) is widened around its value first.
AxisTicks niceTicks(double lo, double hi, int maxCount, bool extendToTicks);

// How many ticks fit on an axis `length` long when each label needs `spacing`
// (both in the same unit: pixels, or points). At least 2.
int tickCountForLength(double length, double spacing);

// A tick's label with just the decimals its step needs ("0.25", "1500",
// "2e+06" for very large or small magnitudes); "-0" never appears.
QString tickLabel(double value, double step);

}  // namespace modescape::ui
