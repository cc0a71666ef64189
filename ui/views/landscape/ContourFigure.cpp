#include "ui/views/landscape/ContourFigure.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>
#include <map>

#include "ui/rendering/MarchingSquares.h"
#include "ui/rendering/NiceTicks.h"
#include "ui/views/landscape/LabelPlacement.h"
#include "ui/views/landscape/SurfaceGeometry.h"

namespace modescape::ui {
namespace {

const QColor kInk(26, 26, 26);
const QColor kMemberColour(217, 26, 26);
constexpr double kIsolinePoints = 0.6;  // iso-line width
constexpr double kMemberPoints = 5.0;   // a member's disc diameter
constexpr int kBandsWithoutLines = 24;  // bands when no iso-line is asked for: a smooth look
constexpr double kIsolineFontScale =
    0.9;  // iso-line values: a little smaller than the axes' text, still >= 12 px on screen
// Along each line, where its label may go: the middle first, then further out.
constexpr double kLabelPlaces[] = {0.5, 0.35, 0.65, 0.2, 0.8, 0.08, 0.92};

PlotRange gridRange(const LandscapeGrid& grid) {
    if (grid.xs.size() < 2 || grid.ys.size() < 2)
        return {};
    return {grid.xs.front(), grid.xs.back(), grid.ys.front(), grid.ys.back()};
}

PlotFrameOptions frameOptions(const LandscapeGrid& grid, const ContourOverlay& overlay) {
    PlotFrameOptions options;
    // The map fills its frame: the grid's own extent, ticks inside it.
    options.extendX = options.extendY = false;
    options.title = grid.title;
    options.xName = grid.xTitle.isEmpty() ? QString::fromUtf8("α") : grid.xTitle;
    options.yName = grid.yTitle.isEmpty() ? QString::fromUtf8("β") : grid.yTitle;
    for (const ContourPath& path : overlay.paths)
        if (!path.name.isEmpty() && !path.colours.isEmpty()) {
            options.legend << path.name;
            options.legendMarks.push_back({path.colours.front(), path.lineWidth > 0
                                                                     ? LegendMark::Kind::Line
                                                                     : LegendMark::Kind::Dot});
        }
    return options;
}

QPolygonF polygonOf(const std::vector<contour::Point>& points, const PlotFrame& frame) {
    QPolygonF polygon;
    polygon.reserve(qsizetype(points.size()));
    for (const contour::Point& p : points)
        polygon << frame.map(p.x, p.y);
    return polygon;
}

// The point `share` of the way along a polyline, by length.
QPointF pointAlong(const QPolygonF& line, double share) {
    double total = 0;
    for (qsizetype k = 1; k < line.size(); ++k)
        total += QLineF(line[k - 1], line[k]).length();
    double left = share * total;
    for (qsizetype k = 1; k < line.size(); ++k) {
        const double piece = QLineF(line[k - 1], line[k]).length();
        if (left <= piece && piece > 0)
            return line[k - 1] + (line[k] - line[k - 1]) * (left / piece);
        left -= piece;
    }
    return line.isEmpty() ? QPointF() : line.back();
}

// An iso-line value's font: the figure's, a little smaller.
QFont isolineFont(QFont font) {
    font.setPointSizeF(font.pointSizeF() * kIsolineFontScale);
    return font;
}

// The box moved (not resized) to lie inside area where it fits: a name
// centred over a member near the map's edge slides along the edge.
QRectF movedInside(QRectF box, const QRectF& area) {
    if (box.width() <= area.width()) {
        if (box.left() < area.left())
            box.moveLeft(area.left());
        if (box.right() > area.right())
            box.moveRight(area.right());
    }
    if (box.height() <= area.height()) {
        if (box.top() < area.top())
            box.moveTop(area.top());
        if (box.bottom() > area.bottom())
            box.moveBottom(area.bottom());
    }
    return box;
}

double lengthOf(const QPolygonF& line, bool closed) {
    double total = closed && line.size() > 1 ? QLineF(line.back(), line.front()).length() : 0;
    for (qsizetype k = 1; k < line.size(); ++k)
        total += QLineF(line[k - 1], line[k]).length();
    return total;
}

}  // namespace

ContourFigure::ContourFigure(const QPainter& painter, QRectF bounds, const LandscapeGrid& grid,
                             const SurfaceStyle& style, const ContourOverlay& overlay)
    : grid_(grid),
      style_(style),
      overlay_(overlay),
      frame_(painter, bounds, gridRange(grid), frameOptions(grid, overlay)) {
    const SurfaceMapping mapping(grid, style);
    drawable_ = mapping.valid() && !grid.isOneDimensional() && grid.nx() >= 2 && grid.ny() >= 2;
    if (!drawable_)
        return;
    values_.reserve(std::size_t(grid.nx() * grid.ny()));
    for (int j = 0; j < grid.ny(); ++j)
        for (int i = 0; i < grid.nx(); ++i) {
            const double loss = grid.lossAt(i, j);
            values_.push_back(std::isfinite(loss) ? mapping.value(loss) : std::nan(""));
        }
    const double lo = mapping.minValue(), hi = mapping.maxValue();
    // Iso-values at nice numbers strictly inside the range ("1.5", not "1.58").
    const int wanted = style.isolineCount > 0 ? style.isolineCount : kBandsWithoutLines;
    levelStep_ = niceStep(lo, hi, wanted + 2);
    for (double k = std::ceil(lo / levelStep_); k * levelStep_ < hi - 1e-9 * (hi - lo); ++k) {
        const double v = std::abs(k) < 1e-9 ? 0.0 : k * levelStep_;
        if (v > lo + 1e-9 * (hi - lo))
            levels_.push_back(v);
    }
    bar_.lo = lo;
    bar_.hi = hi;
    bar_.map = style.colormap;
    const QString loss = grid.split.isEmpty() ? QStringLiteral("loss") : grid.split + " loss";
    bar_.name = style.logScale ? "log10 " + loss : loss;
    bar_.bandEdges.push_back(lo);
    bar_.bandEdges.insert(bar_.bandEdges.end(), levels_.begin(), levels_.end());
    bar_.bandEdges.push_back(hi);
    markerRadius_ = figurePixels(painter, kMemberPoints) / 2;
    layOut(painter, bounds);
    traceGeometry();
    placeAllLabels(painter);
}

void ContourFigure::layOut(const QPainter& painter, QRectF bounds) {
    const PlotRange range = gridRange(grid_);
    const PlotFrameOptions options = frameOptions(grid_, overlay_);
    // Colour bars take a strip on the right; the frame is laid out beside them.
    const auto strips = [&](double height) {
        double width = 0;
        if (style_.showScalarBar) {
            barTicks_ = colourBarAxisTicks(painter, bar_.lo, bar_.hi, height);
            width += colourBarStripWidth(painter, barTicks_);
        }
        if (overlay_.bar) {
            overlayTicks_ = colourBarAxisTicks(painter, overlay_.bar->lo, overlay_.bar->hi, height);
            width += colourBarStripWidth(painter, overlayTicks_);
        }
        return width;
    };
    const double strip = strips(frame_.plotArea().height());
    QRectF inner = bounds.adjusted(0, 0, -strip, 0);
    frame_ = PlotFrame(painter, inner, range, options);
    // α and β at one scale (a circle stays round) unless their spans differ
    // so much that one scale would leave a sliver of a plot.
    const double aspect = (range.x1 - range.x0) / (range.y1 - range.y0);
    if (aspect >= 1.0 / 3 && aspect <= 3) {
        const QRectF area = frame_.plotArea();
        if (area.width() > area.height() * aspect + 1) {
            const double spare = area.width() - area.height() * aspect;
            inner.adjust(spare / 2, 0, -spare / 2, 0);
        } else if (area.height() > area.width() / aspect + 1) {
            const double spare = area.height() - area.width() / aspect;
            inner.adjust(0, spare / 2, 0, -spare / 2);
        }
        frame_ = PlotFrame(painter, inner, range, options);
    }
    const QRectF area = frame_.plotArea();
    strips(area.height());
    double left = inner.right();
    if (style_.showScalarBar) {
        barRect_ = colourBarRect(painter, left, area.top(), area.height());
        left += colourBarStripWidth(painter, barTicks_);
    }
    if (overlay_.bar)
        overlayRect_ = colourBarRect(painter, left, area.top(), area.height());
}

void ContourFigure::traceGeometry() {
    contour::ScalarGrid grid;
    grid.xs.assign(grid_.xs.begin(), grid_.xs.end());
    grid.ys.assign(grid_.ys.begin(), grid_.ys.end());
    grid.values = values_;
    // Band b is painted as the region at or above its lower edge; the next
    // band covers its part of it.
    for (std::size_t b = 0; b + 1 < bar_.bandEdges.size(); ++b) {
        QPainterPath path;
        path.setFillRule(Qt::WindingFill);
        for (const contour::Polygon& polygon : contour::regionAbove(grid, bar_.bandEdges[b])) {
            path.addPolygon(polygonOf(polygon, frame_));
            path.closeSubpath();
        }
        bands_.push_back(path);
    }
    if (style_.isolineCount <= 0)
        return;
    for (const double level : levels_)
        for (const contour::Polyline& line : contour::isoLines(grid, level)) {
            isolines_.push_back(polygonOf(line.points, frame_));
            isolineClosed_.push_back(line.closed);
            isolineLevel_.push_back(level);
        }
}

QPointF ContourFigure::dataAt(QPointF position) const {
    const QRectF area = frame_.plotArea();
    const PlotRange& r = frame_.range();
    return {r.x0 + (position.x() - area.left()) / area.width() * (r.x1 - r.x0),
            r.y0 + (area.bottom() - position.y()) / area.height() * (r.y1 - r.y0)};
}

QColor ContourFigure::bandColour(double value) const {
    const std::vector<double>& edges = bar_.bandEdges;
    std::size_t b = 0;
    while (b + 2 < edges.size() && value >= edges[b + 1])
        ++b;
    return colourOf(bar_, (edges[b] + edges[std::min(b + 1, edges.size() - 1)]) / 2);
}

void ContourFigure::placeAllLabels(const QPainter& painter) {
    const QFontMetricsF metrics(isolineFont(painter.font()), painter.device());
    QFont bold = painter.font();
    bold.setBold(true);
    const QFontMetricsF boldMetrics(bold, painter.device());
    const double gap = figurePixels(painter, 1.5), pad = figurePixels(painter, 1);
    QVector<LabelRequest> requests;
    std::vector<Label> texts;
    QVector<QRectF> obstacles;

    // Members first: every member keeps its name, beside its disc.
    if (style_.showMarkers)
        for (const LandscapeMarker& marker : grid_.markers) {
            if (!std::isfinite(interpolatedLoss(grid_, marker.x, marker.y)))
                continue;
            const QPointF at = map(marker.x, marker.y);
            const double r = markerRadius_;
            obstacles << QRectF(at.x() - r, at.y() - r, 2 * r, 2 * r);
            const double w = boldMetrics.horizontalAdvance(marker.name) + 2 * pad,
                         h = boldMetrics.height();
            LabelRequest request;
            request.required = true;
            const QRectF above(at.x() - w / 2, at.y() - r - gap - h, w, h);
            const QRectF below(at.x() - w / 2, at.y() + r + gap, w, h);
            request.candidates = {above,
                                  below,
                                  QRectF(at.x() + r + gap, at.y() - h / 2, w, h),
                                  QRectF(at.x() - r - gap - w, at.y() - h / 2, w, h),
                                  QRectF(at.x() + r, at.y() - r - h, w, h),
                                  QRectF(at.x() - r - w, at.y() - r - h, w, h),
                                  QRectF(at.x() + r, at.y() + r, w, h),
                                  QRectF(at.x() - r - w, at.y() + r, w, h)};
            for (const double further : {h + 2 * gap, 2 * (h + 2 * gap)})
                request.candidates << above.translated(0, -further) << below.translated(0, further);
            requests << request;
            texts.push_back({marker.name, {}, true});
        }
    // Paths drawn over the map: no label covers them.
    for (const ContourPath& path : overlay_.paths) {
        const double half =
            figurePixels(painter,
                         std::max(path.lineWidth, path.markers.isEmpty()
                                                      ? 0.0
                                                      : *std::max_element(path.markers.begin(),
                                                                          path.markers.end())) /
                             2) +
            pad;
        for (qsizetype k = 0; k < path.points.size(); ++k) {
            const QPointF to = map(path.points[k].x(), path.points[k].y());
            const QPointF from = k == 0 || path.lineWidth <= 0
                                     ? to
                                     : map(path.points[k - 1].x(), path.points[k - 1].y());
            const int steps = std::max(1, int(std::ceil(QLineF(from, to).length() / half)));
            for (int s = 1; s <= steps; ++s) {
                const QPointF c = from + (to - from) * (double(s) / steps);
                obstacles << QRectF(c.x() - half, c.y() - half, 2 * half, 2 * half);
            }
        }
    }
    // Iso-line values: each value's longest line first, then the longer lines.
    struct Candidate {
        std::size_t line;
        double length;
    };
    std::vector<Candidate> lines;
    std::map<double, double> longest;
    for (std::size_t k = 0; k < isolines_.size(); ++k) {
        const double length = lengthOf(isolines_[k], isolineClosed_[k]);
        lines.push_back({k, length});
        longest[isolineLevel_[k]] = std::max(longest[isolineLevel_[k]], length);
    }
    std::stable_sort(lines.begin(), lines.end(), [&](const Candidate& a, const Candidate& b) {
        const bool aFirst = a.length == longest[isolineLevel_[a.line]];
        const bool bFirst = b.length == longest[isolineLevel_[b.line]];
        return aFirst != bFirst ? aFirst : a.length > b.length;
    });
    for (const Candidate& line : lines) {
        const QString text = tickLabel(isolineLevel_[line.line], levelStep_);
        const double w = metrics.horizontalAdvance(text) + 2 * pad, h = metrics.height();
        if (line.length < 3 * w)
            continue;  // a small loop: no room for its value
        LabelRequest request;
        for (const double share : kLabelPlaces) {
            const QPointF at = pointAlong(isolines_[line.line], share);
            request.candidates << QRectF(at.x() - w / 2, at.y() - h / 2, w, h);
        }
        requests << request;
        texts.push_back({text, {}, false});
    }
    // Candidates slide inside the plot area; some air between labels.
    const QRectF area = plotArea();
    for (LabelRequest& r : requests)
        for (QRectF& box : r.candidates)
            box = movedInside(box, area);
    // (Half a gap each side: two labels stay a gap apart, a label half a gap
    // off a marker or path, and a name a gap off its own marker still fits.)
    QVector<LabelRequest> padded = requests;
    for (LabelRequest& r : padded)
        for (QRectF& box : r.candidates)
            box.adjust(-gap / 2, -gap / 2, gap / 2, gap / 2);
    const QVector<int> chosen =
        ui::placeLabels(padded, area.adjusted(-gap / 2, -gap / 2, gap / 2, gap / 2), obstacles);
    for (qsizetype k = 0; k < chosen.size(); ++k)
        if (chosen[k] >= 0) {
            texts[std::size_t(k)].box = requests[k].candidates[chosen[k]];
            labels_.push_back(texts[std::size_t(k)]);
        }
}

void ContourFigure::draw(QPainter& painter) const {
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setClipRect(plotArea());
    drawBands(painter);
    drawIsolines(painter);
    drawPaths(painter);
    if (style_.showMarkers)
        drawMembers(painter);
    painter.restore();
    drawLabels(painter);
    frame_.draw(painter);
    if (style_.showScalarBar)
        drawColourBar(painter, barRect_, bar_, barTicks_);
    if (overlay_.bar)
        drawColourBar(painter, overlayRect_, *overlay_.bar, overlayTicks_);
}

void ContourFigure::drawBands(QPainter& painter) const {
    for (std::size_t b = 0; b < bands_.size(); ++b)
        painter.fillPath(bands_[b],
                         colourOf(bar_, (bar_.bandEdges[b] + bar_.bandEdges[b + 1]) / 2));
}

void ContourFigure::drawIsolines(QPainter& painter) const {
    QPen pen(kInk, figurePixels(painter, kIsolinePoints));
    pen.setJoinStyle(Qt::RoundJoin);
    painter.setPen(pen);
    painter.setBrush(Qt::NoBrush);
    for (std::size_t k = 0; k < isolines_.size(); ++k) {
        if (isolineClosed_[k])
            painter.drawPolygon(isolines_[k]);
        else
            painter.drawPolyline(isolines_[k]);
    }
}

void ContourFigure::drawPaths(QPainter& painter) const {
    for (const ContourPath& path : overlay_.paths) {
        if (path.colours.isEmpty())
            continue;
        const auto colour = [&](qsizetype k) {
            return path.colours[std::min(k, path.colours.size() - 1)];
        };
        QPolygonF points;
        for (const QPointF& p : path.points)
            points << map(p.x(), p.y());
        if (path.lineWidth > 0) {
            QPen pen(colour(0), figurePixels(painter, path.lineWidth), Qt::SolidLine, Qt::RoundCap,
                     Qt::RoundJoin);
            if (path.colours.size() == 1) {
                painter.setPen(pen);
                painter.drawPolyline(points);
            } else {
                for (qsizetype k = 1; k < points.size(); ++k) {
                    pen.setColor(colour(k - 1));
                    painter.setPen(pen);
                    painter.drawLine(points[k - 1], points[k]);
                }
            }
        }
        painter.setPen(QPen(kInk, figurePixels(painter, 0.4)));
        for (qsizetype k = 0; k < path.markers.size() && k < points.size(); ++k) {
            const double r = figurePixels(painter, path.markers[k]) / 2;
            painter.setBrush(colour(k));
            painter.drawEllipse(points[k], r, r);
        }
    }
}

void ContourFigure::drawMembers(QPainter& painter) const {
    painter.setPen(QPen(Qt::white, figurePixels(painter, 0.75)));
    painter.setBrush(kMemberColour);
    for (const LandscapeMarker& marker : grid_.markers)
        if (std::isfinite(interpolatedLoss(grid_, marker.x, marker.y)))
            painter.drawEllipse(map(marker.x, marker.y), markerRadius_, markerRadius_);
}

void ContourFigure::drawLabels(QPainter& painter) const {
    painter.save();
    const QFont plain = isolineFont(painter.font());
    QFont bold = painter.font();
    bold.setBold(true);
    painter.setPen(Qt::NoPen);
    for (const Label& label : labels_) {
        // A light box under the text: readable on either end of the colour map.
        painter.setBrush(QColor(255, 255, 255, label.member ? 230 : 200));
        painter.setPen(Qt::NoPen);
        painter.drawRect(label.box);
        painter.setFont(label.member ? bold : plain);
        painter.setPen(kInk);
        painter.drawText(label.box, Qt::AlignCenter, label.text);
    }
    painter.restore();
}

void paintContour(QPainter& painter, const QRectF& bounds, const LandscapeGrid& grid,
                  const SurfaceStyle& style, const ContourOverlay& overlay) {
    const ContourFigure figure(painter, bounds, grid, style, overlay);
    if (!figure.drawable()) {
        drawPlaceholder(painter, bounds,
                        grid.title.isEmpty() ? QStringLiteral("Contour map") : grid.title,
                        grid.xs.isEmpty() ? QStringLiteral("No slice computed yet")
                                          : QStringLiteral("Computing..."));
        return;
    }
    figure.draw(painter);
}

}  // namespace modescape::ui
