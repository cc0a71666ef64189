#pragma once
// A small 2-D chart frame painted with QPainter for the symmetry panels: a
// data range mapped into a plot area, with a frame, 5 ticks per axis, axis
// names and a title. The panels are static pictures of a few hundred marks,
// which QPainter draws exactly and which tests can read back from a QImage.

#include <QFont>
#include <QPointF>
#include <QRectF>
#include <QString>
#include <QStringList>

class QPainter;

namespace modescape::ui {

struct PlotRange {
    double x0 = 0, x1 = 1, y0 = 0, y1 = 1;
};

class PlotFrame {
  public:
    // bounds: the whole panel; squareArea keeps the plot area square (2-D histograms).
    PlotFrame(QRectF bounds, const PlotRange& range, bool squareArea = false);

    QRectF plotArea() const { return area_; }
    // Ticks on the integers of the x range (indices) instead of 5 even steps.
    void setIntegerXTicks(bool integer) { integerX_ = integer; }
    QPointF map(double x, double y) const;
    // Frame, ticks with values, axis names and the title (drawn over the data).
    void drawAxes(QPainter& painter, const QString& title, const QString& xName,
                  const QString& yName) const;

  private:
    QRectF bounds_;
    QRectF area_;
    PlotRange range_;
    bool integerX_ = false;
};

// A swatch and the name of each group (in groupColour order) in the plot
// area's top-right corner.
void drawGroupLegend(QPainter& painter, QRectF plotArea, const QStringList& groups);

// "No data" (or why) centred in bounds.
void drawPlaceholder(QPainter& painter, QRectF bounds, const QString& title, const QString& text);

}  // namespace modescape::ui
