#pragma once
// A painted colour bar beside a plot (the map's metric, the contour map's
// loss, a trajectory's epochs): the colour map as a vector gradient, or as
// flat bands when the figure is drawn in bands, nice ticks (NiceTicks) as
// many as its length holds at the charts' vertical tick spacing
// (TickSpacing.h), and its name upright beside the numbers.

#include <QColor>
#include <QRectF>
#include <QString>

#include <vector>

#include "ui/rendering/Colormaps.h"
#include "ui/rendering/NiceTicks.h"

class QPainter;

namespace modescape::ui {

struct ColourBarSpec {
    double lo = 0, hi = 1;  // the values at the bar's bottom and top
    Colormap map = Colormap::Viridis;
    QString name;
    // Band edges from lo to hi (increasing): each band flat, in the colour of
    // its middle value; empty: a continuous gradient.
    std::vector<double> bandEdges;
};

// The colour of `value` on a bar of [lo, hi] (clamped).
QColor colourOf(const ColourBarSpec& bar, double value);

// Ticks for a bar `length` pixels long, at the painter's font.
AxisTicks colourBarAxisTicks(const QPainter& painter, double lo, double hi, double length);

// The width a bar and its labels take right of a plot: gaps, the bar (a line
// of text wide), tick marks, the widest label and the upright name.
double colourBarStripWidth(const QPainter& painter, const AxisTicks& ticks);

// The bar's own rectangle in a strip starting at x = stripLeft.
QRectF colourBarRect(const QPainter& painter, double stripLeft, double top, double height);

// Draws the bar in `bar` (from colourBarRect) with its ticks, labels and name.
void drawColourBar(QPainter& painter, const QRectF& bar, const ColourBarSpec& spec,
                   const AxisTicks& ticks);

}  // namespace modescape::ui
