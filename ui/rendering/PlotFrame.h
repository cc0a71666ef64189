#pragma once
// A 2-D chart frame painted with QPainter (the symmetry panels, and through
// ui/rendering/LineChart the path chart, the 1-D landscape and the uncertainty
// charts): a data range mapped into a plot area, with a frame, ticks at nice
// values (ui/rendering/NiceTicks) as many as the axis length has room for,
// axis names, an optional second quantity on a right axis, a title, and room
// for a legend outside the data. All
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

// How a legend entry is marked: a filled square (groups, bars), a line
// sample (solid or dashed) or a dot.
struct LegendMark {
    enum class Kind { Square, Line, DashedLine, Dot };
    QColor colour;
    Kind kind = Kind::Square;
};

struct PlotFrameOptions {
    bool squareArea = false;  // keep the plot area square (2-D histograms)
    bool integerX = false;    // x ticks on integers only (indices), range kept as given
    bool extendX = true;      // widen the x range to the nearest ticks
    bool extendY = true;      // widen the y range to the nearest ticks
    bool integerY = false;    // y ticks on whole numbers only (counts)
    QStringList legend;       // group names: a legend right of the plot area
    // One mark per legend name; empty: the groups' colours as squares.
    std::vector<LegendMark> legendMarks;
    QString title, xName, yName;
    // A second quantity on a right y axis (accuracy beside loss): its range,
    // widened to ticks like the left one, and its name.
    bool rightAxis = false;
    double yRight0 = 0, yRight1 = 1;
    QString yRightName;
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
    // The right axis's ticks and its range (from its first to its last tick).
    const AxisTicks& rightTicks() const { return rightTicks_; }
    // Where the legend goes (empty without one): right of plotArea() (and of
    // the right axis), or above it in a narrow panel, its entries flowing in
    // rows; never inside it.
    QRectF legendArea() const { return legend_; }
    // Every text the frame draws (tick labels, axis names, title, legend).
    const std::vector<QRectF>& textRects() const { return texts_; }

    QPointF map(double x, double y) const;
    // A point of the right axis's quantity.
    QPointF mapRight(double x, double y) const;
    // Frame, ticks with values, axis names, title and legend (after the data).
    void draw(QPainter& painter) const;

  private:
    void layOut(const QPainter& painter);

    QRectF bounds_, area_, legend_;
    PlotRange range_;
    PlotFrameOptions options_;
    AxisTicks xTicks_, yTicks_, rightTicks_;
    std::vector<QRectF> texts_;
    std::vector<QString> xLabels_, yLabels_, legendLabels_, rightLabels_;
    double markWidth_ = 0;        // a legend entry's mark, left of its text
    std::size_t rightTexts_ = 0;  // index in texts_ of the first right tick label
};

// "No data" (or why) centred in bounds.
void drawPlaceholder(QPainter& painter, QRectF bounds, const QString& title, const QString& text);

}  // namespace modescape::ui
