#include "ui/rendering/LineChart.h"

#include <QPainter>
#include <QPainterPath>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ui/rendering/FigureSize.h"

namespace modescape::ui {
namespace {

using Style = ChartSeries::Style;

struct Extent {
    double lo = std::numeric_limits<double>::infinity();
    double hi = -std::numeric_limits<double>::infinity();
    void add(double v) {
        if (!std::isfinite(v))
            return;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    bool valid() const { return lo <= hi; }
};

// The spacing of a bar series' centres: its bars' full width.
double binWidth(const ChartSeries& s) {
    double width = std::numeric_limits<double>::infinity();
    for (std::size_t i = 1; i < s.x.size(); ++i)
        if (s.x[i] > s.x[i - 1])
            width = std::min(width, s.x[i] - s.x[i - 1]);
    return std::isfinite(width) ? width : 1.0;
}

// A quantity's axis: its points padded by 3% each side (a flat one by 5% of
// its value), so no curve runs along the frame; from 0 when asked; never
// outside [0, 1] for a quantity within it.
std::pair<double, double> valueRange(const LineChartData& data, bool right) {
    Extent e;
    bool bars = false;
    for (const ChartSeries& s : data.series) {
        if (s.rightAxis != right)
            continue;
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            if (std::isfinite(s.x[i]))
                e.add(s.y[i]);
        bars = bars || s.style == Style::Bars;
    }
    if (!e.valid())
        return {0.0, 1.0};
    const bool fromZero = bars || (!right && data.yFromZero);
    if (fromZero)
        e.add(0.0);
    const double pad = e.hi > e.lo ? 0.03 * (e.hi - e.lo) : 0.05 * std::max(1e-9, std::abs(e.hi));
    double lo = fromZero && e.lo >= 0 ? e.lo : e.lo - pad, hi = e.hi + pad;
    if (!right && data.yNonNegative && e.lo >= 0)
        lo = std::max(0.0, lo);
    if (right ? data.rightUnitInterval : data.yUnitInterval) {
        lo = std::max(0.0, lo);
        hi = std::min(1.0, hi);
    }
    return {lo, hi};
}

std::pair<double, double> xRange(const LineChartData& data) {
    Extent e;
    double halfBar = 0;
    for (const ChartSeries& s : data.series) {
        bool any = false;
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            if (std::isfinite(s.y[i])) {
                e.add(s.x[i]);
                any = true;
            }
        if (any && s.style == Style::Bars)
            halfBar = std::max(halfBar, binWidth(s) / 2);
    }
    if (!e.valid())
        return {0.0, 1.0};
    // Whole-number x (member counts): half a step each side, so no dot sits on the frame.
    const double pad = data.integerX ? 0.5 : halfBar;
    return {e.lo - pad, e.hi + pad};
}

PlotFrameOptions frameOptions(const LineChartData& data) {
    PlotFrameOptions options;
    options.title = data.title;
    options.xName = data.xName;
    options.yName = data.yName;
    options.integerX = data.integerX;
    // Lines start where the data does (t = 0); bars and counts are widened to ticks.
    options.extendX = !data.integerX;
    for (const ChartSeries& s : data.series) {
        options.rightAxis = options.rightAxis || s.rightAxis;
        if (s.name.isEmpty())
            continue;
        options.legend << s.name;
        const auto kind = s.style == Style::Line         ? LegendMark::Kind::Line
                          : s.style == Style::DashedLine ? LegendMark::Kind::DashedLine
                          : s.style == Style::Points     ? LegendMark::Kind::Dot
                                                         : LegendMark::Kind::Square;
        options.legendMarks.push_back({s.colour, kind});
    }
    for (const auto& [name, mark] : data.extraLegend) {
        options.legend << name;
        options.legendMarks.push_back(mark);
    }
    if (options.rightAxis) {
        const auto [lo, hi] = valueRange(data, true);
        options.yRight0 = lo;
        options.yRight1 = hi;
        options.yRightName = data.rightName;
    }
    return options;
}

QPointF mapped(const PlotFrame& frame, const ChartSeries& s, double x, double y) {
    return s.rightAxis ? frame.mapRight(x, y) : frame.map(x, y);
}

void paintLine(QPainter& painter, const PlotFrame& frame, const ChartSeries& s) {
    QPainterPath path;
    bool drawing = false;
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
        if (!std::isfinite(s.x[i]) || !std::isfinite(s.y[i])) {
            drawing = false;  // a gap: the next point starts a new piece
            continue;
        }
        const QPointF p = mapped(frame, s, s.x[i], s.y[i]);
        if (drawing)
            path.lineTo(p);
        else
            path.moveTo(p);
        drawing = true;
    }
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(s.colour, figurePixels(painter, 1.5),
                        s.style == Style::DashedLine ? Qt::DashLine : Qt::SolidLine, Qt::RoundCap,
                        Qt::RoundJoin));
    painter.drawPath(path);
}

void paintDots(QPainter& painter, const PlotFrame& frame, const ChartSeries& s, double points) {
    const double radius = figurePixels(painter, points);
    painter.setPen(Qt::NoPen);
    painter.setBrush(s.colour);
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
        if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
            painter.drawEllipse(mapped(frame, s, s.x[i], s.y[i]), radius, radius);
}

// Bar series side by side within each bin (80% of it, the rest a gap).
void paintBars(QPainter& painter, const PlotFrame& frame, const ChartSeries& s, int index,
               int count) {
    const double bin = binWidth(s), group = 0.8 * bin, width = group / std::max(1, count);
    painter.setPen(Qt::NoPen);
    QColor fill = s.colour;
    fill.setAlpha(220);
    painter.setBrush(fill);
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) {
        if (!std::isfinite(s.y[i]) || s.y[i] <= 0)
            continue;
        const double left = s.x[i] - group / 2 + index * width;
        painter.drawRect(
            QRectF(mapped(frame, s, left, s.y[i]), mapped(frame, s, left + width, 0)).normalized());
    }
}

}  // namespace

bool hasPoints(const LineChartData& data) {
    for (const ChartSeries& s : data.series)
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
                return true;
    return false;
}

PlotFrame lineChartFrame(const QPainter& painter, const QRectF& bounds, const LineChartData& data) {
    const auto [x0, x1] = xRange(data);
    const auto [y0, y1] = valueRange(data, false);
    return PlotFrame(painter, bounds, {x0, x1, y0, y1}, frameOptions(data));
}

void paintLineChart(QPainter& painter, const QRectF& bounds, const LineChartData& data) {
    if (!hasPoints(data)) {
        drawPlaceholder(painter, bounds, data.title, data.placeholder);
        return;
    }
    const PlotFrame frame = lineChartFrame(painter, bounds, data);
    int bars = 0;
    for (const ChartSeries& s : data.series)
        bars += s.style == Style::Bars;
    painter.save();
    painter.setClipRect(frame.plotArea());
    int bar = 0;
    for (const ChartSeries& s : data.series) {
        switch (s.style) {
            case Style::Bars:
                paintBars(painter, frame, s, bar++, bars);
                break;
            case Style::Points:
                paintDots(painter, frame, s, 3.0);
                break;
            case Style::Line:
            case Style::DashedLine:
                paintLine(painter, frame, s);
                if (s.markers)
                    paintDots(painter, frame, s, 2.2);
                break;
        }
    }
    painter.restore();
    frame.draw(painter);
}

std::vector<QPolygonF> chartPoints(const PlotFrame& frame, const LineChartData& data) {
    std::vector<QPolygonF> points;
    for (const ChartSeries& s : data.series) {
        QPolygonF line;
        for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i)
            if (std::isfinite(s.x[i]) && std::isfinite(s.y[i]))
                line << mapped(frame, s, s.x[i], s.y[i]);
        points.push_back(line);
    }
    return points;
}

FigurePaint lineChartPaint(LineChartData data) {
    return [data = std::move(data)](QPainter& painter, const QRectF& bounds) {
        paintLineChart(painter, bounds, data);
    };
}

LineChartWidget::LineChartWidget(QWidget* parent) : PanelWidget(parent) {}

void LineChartWidget::setData(LineChartData data) {
    data_ = std::move(data);
    update();
}

void LineChartWidget::paintPanel(QPainter& painter, QRectF bounds) const {
    // The screen look of every figure: the figures' screen font size, antialiased.
    QFont font = painter.font();
    font.setPointSizeF(kScreenFontPoints);
    painter.setFont(font);
    painter.setRenderHint(QPainter::Antialiasing, true);
    paintLineChart(painter, bounds, data_);
}

QImage LineChartWidget::figureImage(double scale, bool transparentBackground) const {
    const QSize size = (QSizeF(this->size()) * scale).toSize().expandedTo(QSize(16, 16));
    ResolvedFigure figure = resolveFigure(FigureSize::fromPixels(size), this->size());
    figure.transparent = transparentBackground;
    return FigureWriter(figure).paintImage(figurePaint());
}

}  // namespace modescape::ui
