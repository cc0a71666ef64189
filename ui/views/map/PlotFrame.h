#pragma once
// A small 2-D chart frame painted with QPainter for the symmetry panels: a
// data range mapped into a plot area, with a frame, ticks at nice values
// (ui/rendering/NiceTicks) as many as the axis length has room for, axis
// names, a title, and room on the right for a legend outside the data. All
// margins come from the painter's font and DPI, so the same panel laid out at
// 800 px on screen, 2000 px in a PNG or 3.5 in at 600 dpi in a PDF has no
// clipped labels and text of the asked point size.

#include <QColor>
#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

#include <vector>

#include "ui/rendering/NiceTicks.h"

class QPainter;

namespace modescape::ui {

struct PlotRange {
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
};

struct PlotFrameOptions {
    bool squareArea = false;  // keep the plot area square (2-D histograms)
    bool integerX = false;    // x ticks on integers only (indices), range kept as given
    bool extendX = true;      // widen the x range to the nearest ticks
    bool extendY = true;      // widen the y range to the nearest ticks
    bool integerY = false;    // y ticks on whole numbers only (counts)
    QStringList legend;       // group names: a legend right of the plot area
    // The legend's swatch colours (group colours when empty; an invalid colour: no swatch).
    std::vector<QColor> legendColours;
    QString title, xName, yName;
};

class PlotFrame {
  public:
    // Lays the frame out in bounds (the whole panel) for the painter's font
    // and device.
    PlotFrame(const QPainter& painter, QRectF bounds, const PlotRange& range,
              const PlotFrameOptions& options);

    QRectF plotArea() const { return area_; }
    // The range shown (the data range widened to ticks when asked).
    const PlotRange& range() const { return range_; }
    const AxisTicks& xTicks() const { return xTicks_; }
    const AxisTicks& yTicks() const { return yTicks_; }
    // Where the legend goes (empty without one): right of plotArea(), or above
    // it in a narrow panel; never inside it.
    QRectF legendArea() const { return legend_; }
    // Every text the frame draws (tick labels, axis names, title, legend).
    const std::vector<QRectF>& textRects() const { return texts_; }

    QPointF map(double x, double y) const;
    // Frame, ticks with values, axis names, title and legend (after the data).
    void draw(QPainter& painter) const;

  private:
    void layOut(const QPainter& painter);

    QRectF bounds_, area_, legend_;
    PlotRange range_;
    PlotFrameOptions options_;
    AxisTicks xTicks_, yTicks_;
    std::vector<QRectF> texts_;
    std::vector<QString> xLabels_, yLabels_, legendLabels_;
};

// "No data" (or why) centred in bounds.
void drawPlaceholder(QPainter& painter, QRectF bounds, const QString& title, const QString& text);

}  // namespace modescape::ui
