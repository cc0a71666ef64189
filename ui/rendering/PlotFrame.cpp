#include "ui/rendering/PlotFrame.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>
#include <cmath>

#include "ui/rendering/FigureTitles.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/TickSpacing.h"
#include "ui/views/map/GroupColours.h"

namespace modescape::ui {
namespace {

QFont boldOf(QFont font) {
    font.setBold(true);
    return font;
}

// Ticks for an axis `length` long whose labels each need `labelSpace` along it.
AxisTicks ticksFor(double lo, double hi, double length, double labelSpace, bool integer,
                   bool extend) {
    if (integer) {
        AxisTicks ticks;
        ticks.lo = lo;
        ticks.hi = hi;
        ticks.step =
            std::max(1.0, std::ceil(niceStep(lo, hi, tickCountForLength(length, labelSpace))));
        for (double v = std::ceil(lo / ticks.step) * ticks.step; v <= hi + 1e-9; v += ticks.step)
            ticks.values.push_back(v);
        return ticks;
    }
    return niceTicks(lo, hi, tickCountForLength(length, labelSpace), extend);
}

// Counts: the nice ticks, with a step of at least 1.
AxisTicks countTicks(double lo, double hi, double length, double labelSpace, bool extend) {
    AxisTicks ticks = ticksFor(lo, hi, length, labelSpace, false, extend);
    if (ticks.step >= 1)
        return ticks;
    ticks.step = 1;
    ticks.lo = extend ? std::floor(lo) : lo;
    ticks.hi = extend ? std::ceil(hi) : hi;
    ticks.values.clear();
    for (double v = std::ceil(ticks.lo); v <= ticks.hi + 1e-9; ++v)
        ticks.values.push_back(v);
    return ticks;
}

// A legend entry's mark in box (one text line high), as the data is drawn.
void drawLegendMark(QPainter& painter, const QRectF& box, const LegendMark& mark) {
    painter.save();
    const QPointF centre = box.center();
    switch (mark.kind) {
        case LegendMark::Kind::Square: {
            const double side = QFontMetricsF(painter.font(), painter.device()).ascent() * 0.8;
            painter.fillRect(QRectF(box.left(), centre.y() - side / 2, side, side), mark.colour);
            break;
        }
        case LegendMark::Kind::Line:
        case LegendMark::Kind::DashedLine:
            painter.setPen(QPen(mark.colour, figurePixels(painter, 1.5),
                                mark.kind == LegendMark::Kind::Line ? Qt::SolidLine : Qt::DashLine,
                                Qt::FlatCap));
            painter.drawLine(QPointF(box.left(), centre.y()), QPointF(box.right(), centre.y()));
            break;
        case LegendMark::Kind::Dot: {
            const double radius = figurePixels(painter, 2.6);
            painter.setPen(Qt::NoPen);
            painter.setBrush(mark.colour);
            painter.drawEllipse(centre, radius, radius);
            break;
        }
    }
    painter.restore();
}

}  // namespace

PlotFrame::PlotFrame(const QPainter& painter, QRectF bounds, const PlotRange& range,
                     const PlotFrameOptions& options)
    : bounds_(bounds), range_(range), options_(options) {
    if (!figureTitlesShown())
        options_.title.clear();  // its room goes to the plot
    layOut(painter);
}

void PlotFrame::layOut(const QPainter& painter) {
    const QFontMetricsF metrics(painter.font(), painter.device());
    const QFontMetricsF bold(boldOf(painter.font()), painter.device());
    const double em = metrics.height(), gap = figurePixels(painter, 2),
                 tick = figurePixels(painter, 3);
    // Line samples need room for a dash or two; squares a glyph's height.
    markWidth_ = options_.legendMarks.empty() ? metrics.ascent() : 2 * em;
    double legendWidth = 0;
    if (!options_.legend.isEmpty()) {
        double widest = 0;
        for (const QString& name : options_.legend)
            widest = std::max(widest, metrics.horizontalAdvance(name));
        legendWidth = 3 * gap + markWidth_ + gap + widest;
    }
    // A narrow panel (a paper column) cannot spare the legend's width beside the
    // data: the legend goes between the title and the plot area instead, its
    // entries flowing in rows across the panel (rowOf, xInRow; rowWidths).
    const double legendLine = em + gap;
    const bool legendOnTop = legendWidth > 0.3 * bounds_.width();
    const double across = std::max(1.0, bounds_.width() - 2 * gap);
    std::vector<int> rowOf;
    std::vector<double> xInRow, rowWidths;
    if (legendOnTop) {
        double x = 0;
        for (const QString& name : options_.legend) {
            const double w = std::min(across, markWidth_ + gap + metrics.horizontalAdvance(name));
            if (x > 0 && x + w > across) {
                rowWidths.push_back(x - 3 * gap);
                x = 0;
            }
            rowOf.push_back(int(rowWidths.size()));
            xInRow.push_back(x);
            x += w + 3 * gap;
        }
        rowWidths.push_back(x - 3 * gap);
    }
    // Half a line between the legend and the plot: the top tick labels stand out that far.
    const double legendHeight = legendOnTop ? rowWidths.size() * legendLine + gap + em / 2 : 0;
    if (legendOnTop)
        legendWidth = 0;
    const double top =
        (options_.title.isEmpty() ? gap : bold.height() + 2 * gap) + em / 2 + legendHeight;
    const double bottom = tick + gap + em + gap + em + gap;
    const double height = std::max(1.0, bounds_.height() - top - bottom);

    // y first: its labels' width decides the left margin.
    const auto yAxisTicks = [&](double length) {
        return options_.integerY ? countTicks(range_.y0, range_.y1, length, kYTickSpacingEm * em,
                                              options_.extendY)
                                 : ticksFor(range_.y0, range_.y1, length, kYTickSpacingEm * em,
                                            false, options_.extendY);
    };
    yTicks_ = yAxisTicks(height);
    // Writes an axis's tick labels; returns the widest one's width.
    auto labelTicks = [&](const auto& ticks, auto& labels) {
        double widest = 0;
        labels.clear();
        for (double v : ticks.values) {
            labels.push_back(tickLabel(v, ticks.step));
            widest = std::max(widest, metrics.horizontalAdvance(labels.back()));
        }
        return widest;
    };
    auto yLabelWidth = [&] { return labelTicks(yTicks_, yLabels_); };
    double left = gap + em + gap + yLabelWidth() + gap + tick;
    // x labels: measure those of a first guess to know how many fit.
    auto xLabelWidth = [&] { return labelTicks(xTicks_, xLabels_); };
    // The right axis: ticks for the plot's height, then its labels' width.
    double rightWidth = 0;
    if (options_.rightAxis) {
        rightTicks_ = ticksFor(options_.yRight0, options_.yRight1, height, kYTickSpacingEm * em,
                               false, options_.extendY);
        rightWidth = tick + gap + labelTicks(rightTicks_, rightLabels_) + gap + em + gap;
    }
    double right = gap + rightWidth + legendWidth;
    double width = std::max(1.0, bounds_.width() - left - right);
    const auto xSpacing = [&] { return std::max(kXTickSpacingEm * em, xLabelWidth() + 1.5 * em); };
    xTicks_ = ticksFor(range_.x0, range_.x1, width, kXTickSpacingEm * em, options_.integerX,
                       options_.extendX);
    xTicks_ =
        ticksFor(range_.x0, range_.x1, width, xSpacing(), options_.integerX, options_.extendX);
    const double lastHalf = xLabelWidth() / 2;
    right = std::max(right, lastHalf + gap + legendWidth);
    width = std::max(1.0, bounds_.width() - left - right);

    if (options_.squareArea) {
        const double side = std::min(width, height);
        xTicks_ =
            ticksFor(range_.x0, range_.x1, side, xSpacing(), options_.integerX, options_.extendX);
        yTicks_ = yAxisTicks(side);
        left = gap + em + gap + yLabelWidth() + gap + tick;
        const double fitted = std::max(1.0, std::min(side, bounds_.width() - left - right));
        area_ = QRectF(bounds_.left() + left, bounds_.top() + top, fitted, fitted);
    } else {
        area_ = QRectF(bounds_.left() + left, bounds_.top() + top, width, height);
    }
    xLabelWidth();
    if (!options_.integerX) {
        range_.x0 = xTicks_.lo;
        range_.x1 = xTicks_.hi;
    }
    range_.y0 = yTicks_.lo;
    range_.y1 = yTicks_.hi;
    if (range_.x1 == range_.x0)
        range_.x1 = range_.x0 + 1;
    if (range_.y1 == range_.y0)
        range_.y1 = range_.y0 + 1;
    if (rightTicks_.hi == rightTicks_.lo)
        rightTicks_.hi = rightTicks_.lo + 1;

    texts_.clear();
    for (std::size_t k = 0; k < xTicks_.values.size(); ++k) {
        const QPointF p = map(xTicks_.values[k], range_.y0);
        const double w = metrics.horizontalAdvance(xLabels_[k]);
        texts_.emplace_back(p.x() - w / 2, area_.bottom() + tick + gap, w, em);
    }
    for (std::size_t k = 0; k < yTicks_.values.size(); ++k) {
        const QPointF p = map(range_.x0, yTicks_.values[k]);
        const double w = metrics.horizontalAdvance(yLabels_[k]);
        texts_.emplace_back(area_.left() - tick - gap - w, p.y() - em / 2, w, em);
    }
    if (!options_.legend.isEmpty()) {
        const double line = legendLine;
        if (legendOnTop)
            legend_ = QRectF(bounds_.left() + gap, area_.top() - legendHeight, across,
                             rowWidths.size() * line);
        else
            legend_ =
                QRectF(area_.right() + rightWidth + 2 * gap, area_.top(), legendWidth - 2 * gap,
                       std::min(area_.height(), options_.legend.size() * line));
        legendLabels_.clear();
        for (int g = 0; g < options_.legend.size(); ++g) {
            const auto k = std::size_t(g);
            // Rows on top are centred in the panel.
            const double x = legendOnTop ? legend_.left() +
                                               (across - rowWidths[std::size_t(rowOf[k])]) / 2 +
                                               xInRow[k] + markWidth_ + gap
                                         : legend_.left() + gap + markWidth_ + gap;
            const double y = legend_.top() + (legendOnTop ? rowOf[k] : g) * line;
            // Names too long for the panel are shortened, never clipped.
            const double end = legendOnTop ? legend_.right() : bounds_.right();
            legendLabels_.push_back(
                metrics.elidedText(options_.legend[g], Qt::ElideRight, std::max(0.0, end - x)));
            texts_.emplace_back(x, y, metrics.horizontalAdvance(legendLabels_.back()), em);
        }
    }
    // The axis names and the title, as draw() places them.
    texts_.emplace_back(area_.left(), area_.bottom() + tick + gap + em + gap, area_.width(), em);
    const double yNameLength = std::min(area_.height(), metrics.horizontalAdvance(options_.yName));
    texts_.emplace_back(bounds_.left() + gap, area_.center().y() - yNameLength / 2, em,
                        yNameLength);
    if (!options_.title.isEmpty())
        texts_.emplace_back(bounds_.left(), bounds_.top() + gap, bounds_.width(), bold.height());
    // The right axis's tick labels and name, last.
    rightTexts_ = texts_.size();
    if (options_.rightAxis) {
        double widest = 0;
        for (std::size_t k = 0; k < rightTicks_.values.size(); ++k) {
            const QPointF p = mapRight(range_.x1, rightTicks_.values[k]);
            const double w = metrics.horizontalAdvance(rightLabels_[k]);
            widest = std::max(widest, w);
            texts_.emplace_back(area_.right() + tick + gap, p.y() - em / 2, w, em);
        }
        const double length =
            std::min(area_.height(), metrics.horizontalAdvance(options_.yRightName));
        texts_.emplace_back(area_.right() + tick + gap + widest + gap,
                            area_.center().y() - length / 2, em, length);
    }
}

QPointF PlotFrame::map(double x, double y) const {
    return {area_.left() + (x - range_.x0) / (range_.x1 - range_.x0) * area_.width(),
            area_.bottom() - (y - range_.y0) / (range_.y1 - range_.y0) * area_.height()};
}

QPointF PlotFrame::mapRight(double x, double y) const {
    const double lo = rightTicks_.lo, hi = rightTicks_.hi;
    return {map(x, range_.y0).x(), area_.bottom() - (y - lo) / (hi - lo) * area_.height()};
}

void PlotFrame::draw(QPainter& painter) const {
    painter.save();
    const QFontMetricsF metrics(painter.font(), painter.device());
    const double em = metrics.height(), gap = figurePixels(painter, 2),
                 tick = figurePixels(painter, 3);
    painter.setPen(QPen(QColor(40, 40, 40), figurePixels(painter, 0.75)));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(area_);
    for (std::size_t k = 0; k < xTicks_.values.size(); ++k) {
        const QPointF p = map(xTicks_.values[k], range_.y0);
        painter.drawLine(p, p + QPointF(0, tick));
        painter.drawText(QPointF(texts_[k].left(), texts_[k].top() + metrics.ascent()),
                         xLabels_[k]);
    }
    const std::size_t ny = yTicks_.values.size(), nx = xTicks_.values.size();
    for (std::size_t k = 0; k < ny; ++k) {
        const QPointF p = map(range_.x0, yTicks_.values[k]);
        painter.drawLine(p, p - QPointF(tick, 0));
        const QRectF& r = texts_[nx + k];
        painter.drawText(QPointF(r.left(), r.top() + metrics.ascent()), yLabels_[k]);
    }
    const double nameTop = area_.bottom() + tick + gap + em + gap;
    painter.drawText(QRectF(area_.left(), nameTop, area_.width(), em), Qt::AlignCenter,
                     metrics.elidedText(options_.xName, Qt::ElideRight, area_.width()));
    painter.save();
    painter.translate(bounds_.left() + gap, area_.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-area_.height() / 2, 0, area_.height(), em), Qt::AlignCenter,
                     metrics.elidedText(options_.yName, Qt::ElideRight, area_.height()));
    painter.restore();

    if (options_.rightAxis) {
        const std::size_t nr = rightTicks_.values.size();
        for (std::size_t k = 0; k < nr; ++k) {
            const QPointF p = mapRight(range_.x1, rightTicks_.values[k]);
            painter.drawLine(p, p + QPointF(tick, 0));
            const QRectF& r = texts_[rightTexts_ + k];
            painter.drawText(QPointF(r.left(), r.top() + metrics.ascent()), rightLabels_[k]);
        }
        painter.save();
        painter.translate(texts_[rightTexts_ + nr].left(), area_.center().y());
        painter.rotate(-90);
        painter.drawText(QRectF(-area_.height() / 2, 0, area_.height(), em), Qt::AlignCenter,
                         metrics.elidedText(options_.yRightName, Qt::ElideRight, area_.height()));
        painter.restore();
    }

    if (!options_.legend.isEmpty()) {
        for (int g = 0; g < options_.legend.size(); ++g) {
            const QRectF& r = texts_[nx + ny + std::size_t(g)];
            if (r.bottom() > bounds_.bottom())
                break;  // no room for more names
            drawLegendMark(painter, QRectF(r.left() - gap - markWidth_, r.top(), markWidth_, em),
                           std::size_t(g) < options_.legendMarks.size()
                               ? options_.legendMarks[std::size_t(g)]
                               : LegendMark{groupQColor(g), LegendMark::Kind::Square});
            painter.drawText(QPointF(r.left(), r.top() + metrics.ascent()),
                             legendLabels_[std::size_t(g)]);
        }
    }
    if (!options_.title.isEmpty()) {
        const QFont bold = boldOf(painter.font());
        painter.setFont(bold);
        const QFontMetricsF boldMetrics(bold, painter.device());
        painter.drawText(
            QRectF(bounds_.left(), bounds_.top() + gap, bounds_.width(), boldMetrics.height()),
            Qt::AlignCenter,
            boldMetrics.elidedText(options_.title, Qt::ElideRight, bounds_.width()));
    }
    painter.restore();
}

void drawPlaceholder(QPainter& painter, QRectF bounds, const QString& title, const QString& text) {
    painter.save();
    painter.setPen(QColor(90, 90, 90));
    const QFont base = painter.font();
    painter.setFont(boldOf(base));
    painter.drawText(bounds.adjusted(0, 2, 0, 0), Qt::AlignHCenter | Qt::AlignTop, title);
    painter.setFont(base);
    painter.drawText(bounds, Qt::AlignCenter | Qt::TextWordWrap, text);
    painter.restore();
}

}  // namespace modescape::ui
