#pragma once
// The one painted chart of lines, points and bars against x, with an optional
// second quantity on a right axis: the connectivity path chart, the 1-D
// landscape slice and the uncertainty page's curves and histograms. It is
// drawn with QPainter on a PlotFrame (ticks, axis names, title and legend
// outside the data, all sized from the painter's font and DPI), so the same
// paint function draws the widget on screen and every PNG, SVG and PDF.
//
//   LineChartData data;
//   data.xName = "interpolation t";
//   data.series.push_back({"loss", Qt::blue, ChartSeries::Style::Line, false, false, xs, ys});
//   paintLineChart(painter, bounds, data);

#include <QColor>
#include <QPolygonF>
#include <QString>

#include <vector>

#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/PanelWidget.h"

namespace modescape::ui {

struct ChartSeries {
    enum class Style { Line, DashedLine, Points, Bars };
    QString name;  // its legend entry; empty: none
    QColor colour;
    Style style = Style::Line;
    bool rightAxis = false;  // drawn against the right axis
    bool markers = false;    // a dot at each point of a line
    // Points in order of x; a non-finite y breaks a line (a point not computed yet).
    std::vector<double> x, y;
};

struct LineChartData {
    QString title;  // empty: none
    QString xName, yName, rightName;
    std::vector<ChartSeries> series;
    // Entries after the series' own (a key to the line styles: "loss" solid,
    // "accuracy" dashed), each with its mark.
    std::vector<std::pair<QString, LegendMark>> extraLegend;
    bool integerX = false;  // x ticks on whole numbers (counts of members)
    // Quantities within [0, 1] (accuracies, fractions): their axis never leaves it.
    bool yUnitInterval = false, rightUnitInterval = false;
    bool yFromZero = false;  // the left axis starts at 0 (bars, fractions)
    // The left quantity cannot be negative (a loss): its axis never goes below 0.
    bool yNonNegative = false;
    QString placeholder;  // said in the middle when no series has a point
};

// True when some series has a finite point.
bool hasPoints(const LineChartData& data);
// The frame the chart is drawn on in bounds, for the painter's font and device.
PlotFrame lineChartFrame(const QPainter& painter, const QRectF& bounds, const LineChartData& data);
// Paints the whole chart (or its placeholder) into bounds.
void paintLineChart(QPainter& painter, const QRectF& bounds, const LineChartData& data);
// Each series' finite points where the frame draws them (tests: legends and
// labels against the curves).
std::vector<QPolygonF> chartPoints(const PlotFrame& frame, const LineChartData& data);
// A paint function owning a copy of the data (figures written later).
FigurePaint lineChartPaint(LineChartData data);

// A widget showing a LineChartData: paintEvent paints it with the widget's
// font, figurePaint() into any figure.
class LineChartWidget : public PanelWidget {
    Q_OBJECT
  public:
    explicit LineChartWidget(QWidget* parent = nullptr);
    QSize sizeHint() const override { return {640, 480}; }

    void setData(LineChartData data);
    const LineChartData& data() const { return data_; }
    void paintPanel(QPainter& painter, QRectF bounds) const override;
    FigurePaint figurePaint() const { return lineChartPaint(data_); }
    // The chart as File > Export draws it at `scale` times the widget's size.
    QImage figureImage(double scale, bool transparentBackground) const;

  private:
    LineChartData data_;
};

}  // namespace modescape::ui
