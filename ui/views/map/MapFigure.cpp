#include "ui/views/map/MapFigure.h"

#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/rendering/ColourBar.h"
#include "ui/rendering/FigureWriter.h"

namespace modescape::ui {
namespace {

const QColor kLabelColour(40, 40, 40);  // near black: reads on every marker colour's neighbourhood

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
    if (model.showLegend() && model.hasColourBar())
        placeColourBar(painter, bounds, window);
    placePointLabels(painter);
}

void MapFigure::placeColourBar(const QPainter& painter, QRectF bounds,
                               const std::optional<PlotRange>& window) {
    const MapModel& model = model_;
    // The colour bar takes a strip on the right: the frame is laid out again beside it.
    barTicks_ = colourBarAxisTicks(painter, model.metricLow(), model.metricHigh(),
                                   frame_.plotArea().height());
    const double strip = colourBarStripWidth(painter, barTicks_);
    frame_ = PlotFrame(painter, bounds.adjusted(0, 0, -strip, 0), window.value_or(dataRange(model)),
                       frameOptions(model));
    const QRectF area = frame_.plotArea();
    bar_ = colourBarRect(painter, bounds.right() - strip, area.top(), area.height());
}

void MapFigure::placePointLabels(const QPainter& painter) {
    if (!model_.hasLabels())
        return;
    std::vector<QPointF> markers;
    std::vector<LabelCandidate> candidates;
    const std::vector<int>& selected = model_.selected();
    for (int i = 0; i < model_.pointCount(); ++i) {
        markers.push_back(position(i));
        if (const QString text = model_.labelOf(i); !text.isEmpty())
            candidates.push_back(
                {i, markers.back(), text, std::binary_search(selected.begin(), selected.end(), i)});
    }
    labels_ = placeLabels(candidates, markers, radius_, figurePixels(painter, 2.5),
                          frame_.plotArea(), QFontMetricsF(painter.font(), painter.device()));
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
    painter.setPen(kLabelColour);
    for (const PlacedLabel& label : labels_)
        painter.drawText(label.baseline, label.text);
    painter.restore();
    frame_.draw(painter);
    if (!bar_.isEmpty())
        drawColourBar(painter);
}

void MapFigure::drawColourBar(QPainter& painter) const {
    ColourBarSpec spec;
    spec.lo = model_.metricLow();
    spec.hi = model_.metricHigh();
    spec.name = model_.metricName();
    ui::drawColourBar(painter, bar_, spec, barTicks_);
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
