#include "ui/views/map/MapFigure.h"

#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/rendering/Colormaps.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/TickSpacing.h"

namespace modescape::ui {
namespace {

constexpr int kGradientStops = 17;  // viridis is piecewise linear between 17 control points

// Room right of the plot for the colour bar: a gap, the bar, its ticks and
// labels, and its name upright.
double colourBarStripWidth(const QPainter& painter, const AxisTicks& ticks) {
    const QFontMetricsF metrics(painter.font(), painter.device());
    double widest = 0;
    for (const double v : ticks.values)
        widest = std::max(widest, metrics.horizontalAdvance(tickLabel(v, ticks.step)));
    const double gap = figurePixels(painter, 2), tick = figurePixels(painter, 3);
    return 4 * gap + metrics.height() + tick + gap + widest + gap + metrics.height() + gap;
}

PlotFrameOptions frameOptions(const MapModel& model) {
    PlotFrameOptions options;
    // The frame hugs the data (its 5% margin), ticks inside: widening a map's
    // range to the outer ticks can leave a third of a paper column empty.
    options.extendX = options.extendY = false;
    if (model.showTexts()) {
        options.title = model.title();
        options.xName = model.axisName(0);
        options.yName = model.axisName(1);
    }
    if (model.showLegend())
        for (const MapModel::LegendEntry& entry : model.legendEntries()) {
            options.legend << entry.name;
            options.legendMarks.push_back({entry.colour, LegendMark::Kind::Dot});
        }
    return options;
}

}  // namespace

PlotRange MapFigure::dataRange(const MapModel& model) {
    const auto& c = model.projection().coordinates;
    if (c.rows() == 0 || c.cols() < 2)
        return {};
    double range[2][2];
    for (int k = 0; k < 2; ++k) {
        const double lo = c.col(k).minCoeff(), hi = c.col(k).maxCoeff();
        const double pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
        range[k][0] = lo - pad;
        range[k][1] = hi + pad;
    }
    return {range[0][0], range[0][1], range[1][0], range[1][1]};
}

MapFigure::MapFigure(const QPainter& painter, QRectF bounds, const MapModel& model,
                     const std::optional<PlotRange>& window)
    : model_(model),
      frame_(painter, bounds, window.value_or(dataRange(model)), frameOptions(model)) {
    radius_ = figurePixels(painter, model.markerPoints()) / 2;
    if (!(model.showLegend() && model.hasColourBar()))
        return;
    // The colour bar takes a strip on the right: the frame is laid out again beside it.
    const QFontMetricsF metrics(painter.font(), painter.device());
    const double height = frame_.plotArea().height();
    barTicks_ = niceTicks(model.metricLow(), model.metricHigh(),
                          tickCountForLength(height, kYTickSpacingEm * metrics.height()), false);
    const double strip = colourBarStripWidth(painter, barTicks_);
    frame_ = PlotFrame(painter, bounds.adjusted(0, 0, -strip, 0), window.value_or(dataRange(model)),
                       frameOptions(model));
    const QRectF area = frame_.plotArea();
    const double gap = figurePixels(painter, 2);
    bar_ = QRectF(bounds.right() - strip + 4 * gap, area.top(), metrics.height(), area.height());
}

QPointF MapFigure::position(int point) const {
    const auto& c = model_.projection().coordinates;
    return frame_.map(c(point, 0), c(point, 1));
}

QPointF MapFigure::dataAt(QPointF position) const {
    const QRectF area = frame_.plotArea();
    const PlotRange& r = frame_.range();
    return {r.x0 + (position.x() - area.left()) / area.width() * (r.x1 - r.x0),
            r.y0 + (area.bottom() - position.y()) / area.height() * (r.y1 - r.y0)};
}

void MapFigure::draw(QPainter& painter) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    // Markers never spill over the frame into the ticks or the legend.
    painter.setClipRect(frame_.plotArea());
    painter.setPen(Qt::NoPen);
    const int alpha = model_.markerAlpha();
    for (const int i : model_.pointDrawOrder()) {
        QColor colour = model_.pointQColor(i);
        colour.setAlpha(alpha);
        painter.setBrush(colour);
        painter.drawEllipse(position(i), radius_, radius_);
    }
    // Rings on top of every marker, so a selected member shows whatever lies over it.
    painter.setBrush(Qt::NoBrush);
    painter.setPen(QPen(Qt::black, figurePixels(painter, 1.0)));
    const double ring = radius_ + figurePixels(painter, 1.5);
    for (const int i : model_.selected())
        painter.drawEllipse(position(i), ring, ring);
    painter.restore();
    frame_.draw(painter);
    if (!bar_.isEmpty())
        drawColourBar(painter);
}

void MapFigure::drawColourBar(QPainter& painter) const {
    painter.save();
    const QFontMetricsF metrics(painter.font(), painter.device());
    const double gap = figurePixels(painter, 2), tick = figurePixels(painter, 3);
    const double lo = model_.metricLow(), hi = model_.metricHigh();
    // Bottom: the lowest value; a vector gradient, so SVG and PDF keep it sharp.
    QLinearGradient gradient(bar_.bottomLeft(), bar_.topLeft());
    for (int k = 0; k < kGradientStops; ++k) {
        const double t = double(k) / (kGradientStops - 1);
        double rgb[3];
        colormapColor(Colormap::Viridis, t, rgb);
        gradient.setColorAt(t, QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2])));
    }
    painter.fillRect(bar_, gradient);
    painter.setPen(QPen(QColor(40, 40, 40), figurePixels(painter, 0.75)));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar_);
    double widest = 0;
    for (const double v : barTicks_.values) {
        const double y = bar_.bottom() - (v - lo) / (hi - lo) * bar_.height();
        painter.drawLine(QPointF(bar_.right(), y), QPointF(bar_.right() + tick, y));
        const QString label = tickLabel(v, barTicks_.step);
        widest = std::max(widest, metrics.horizontalAdvance(label));
        painter.drawText(
            QPointF(bar_.right() + tick + gap, y - metrics.height() / 2 + metrics.ascent()), label);
    }
    painter.translate(bar_.right() + tick + gap + widest + gap, bar_.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-bar_.height() / 2, 0, bar_.height(), metrics.height()),
                     Qt::AlignCenter,
                     metrics.elidedText(model_.metricName(), Qt::ElideRight, bar_.height()));
    painter.restore();
}

void paintMap(QPainter& painter, const QRectF& bounds, const MapModel& model,
              const std::optional<PlotRange>& window) {
    if (model.pointCount() == 0 || model.isThreeDimensional()) {
        drawPlaceholder(painter, bounds, QStringLiteral("Map"),
                        model.pointCount() == 0 ? QStringLiteral("No map computed yet")
                                                : QStringLiteral("A 3-D map is drawn with VTK"));
        return;
    }
    MapFigure(painter, bounds, model, window).draw(painter);
}

}  // namespace modescape::ui
