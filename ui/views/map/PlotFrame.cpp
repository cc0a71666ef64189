#include "ui/views/map/PlotFrame.h"

#include <QPainter>

#include <algorithm>
#include <cmath>
#include <vector>

#include "ui/views/map/GroupColours.h"

namespace modescape::ui {
namespace {

// Room for the title (top), tick values and axis names (left, bottom).
constexpr double kLeft = 58, kRight = 12, kTop = 26, kBottom = 42;

}  // namespace

PlotFrame::PlotFrame(QRectF bounds, const PlotRange& range, bool squareArea)
    : bounds_(bounds), range_(range) {
    if (range_.x1 == range_.x0)
        range_.x1 = range_.x0 + 1;
    if (range_.y1 == range_.y0)
        range_.y1 = range_.y0 + 1;
    area_ = bounds.adjusted(kLeft, kTop, -kRight, -kBottom);
    if (squareArea) {
        const double side = std::max(1.0, std::min(area_.width(), area_.height()));
        area_ = QRectF(area_.left(), area_.top(), side, side);
    }
}

QPointF PlotFrame::map(double x, double y) const {
    return {area_.left() + (x - range_.x0) / (range_.x1 - range_.x0) * area_.width(),
            area_.bottom() - (y - range_.y0) / (range_.y1 - range_.y0) * area_.height()};
}

void PlotFrame::drawAxes(QPainter& painter, const QString& title, const QString& xName,
                         const QString& yName) const {
    painter.save();
    painter.setPen(QPen(QColor(40, 40, 40), 1));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(area_);
    QFont small = painter.font();
    small.setPointSizeF(std::max(6.0, small.pointSizeF() * 0.85));
    painter.setFont(small);
    const QFontMetricsF metrics(small);
    std::vector<double> xTicks;
    if (integerX_) {
        const double first = std::ceil(range_.x0), span = std::floor(range_.x1) - first;
        const double step = std::max(1.0, std::ceil(span / 6));
        for (double x = first; x <= range_.x1; x += step)
            xTicks.push_back(x);
    } else {
        for (int k = 0; k <= 4; ++k)
            xTicks.push_back(range_.x0 + (range_.x1 - range_.x0) * k / 4);
    }
    for (double x : xTicks) {
        const QPointF px = map(x, range_.y0);
        painter.drawLine(px, px + QPointF(0, 4));
        const QString xs = QString::number(x, 'g', 3);
        painter.drawText(
            QPointF(px.x() - metrics.horizontalAdvance(xs) / 2, px.y() + 4 + metrics.ascent()), xs);
    }
    for (int k = 0; k <= 4; ++k) {
        const double y = range_.y0 + (range_.y1 - range_.y0) * k / 4;
        const QPointF py = map(range_.x0, y);
        painter.drawLine(py, py - QPointF(4, 0));
        const QString ys = QString::number(y, 'g', 3);
        painter.drawText(
            QPointF(py.x() - 6 - metrics.horizontalAdvance(ys), py.y() + metrics.ascent() / 2 - 1),
            ys);
    }
    painter.drawText(QRectF(area_.left(), bounds_.bottom() - metrics.height() - 2, area_.width(),
                            metrics.height()),
                     Qt::AlignCenter, xName);
    painter.save();
    painter.translate(bounds_.left() + 2, area_.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-area_.height() / 2, 0, area_.height(), metrics.height()),
                     Qt::AlignCenter, yName);
    painter.restore();
    QFont bold = painter.font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(QRectF(bounds_.left(), bounds_.top() + 2, bounds_.width(), kTop - 4),
                     Qt::AlignCenter, title);
    painter.restore();
}

void drawGroupLegend(QPainter& painter, QRectF plotArea, const QStringList& groups) {
    painter.save();
    const QFontMetricsF metrics(painter.font());
    const double line = metrics.height() + 2, side = metrics.ascent() * 0.8;
    for (int g = 0; g < groups.size(); ++g) {
        const double y = plotArea.top() + 6 + g * line;
        const double textWidth = metrics.horizontalAdvance(groups[g]);
        const double right = plotArea.right() - 6;
        painter.fillRect(QRectF(right - side, y + (metrics.ascent() - side) / 2 + 1, side, side),
                         groupQColor(g));
        painter.setPen(QColor(40, 40, 40));
        painter.drawText(QPointF(right - side - 4 - textWidth, y + metrics.ascent()), groups[g]);
    }
    painter.restore();
}

void drawPlaceholder(QPainter& painter, QRectF bounds, const QString& title, const QString& text) {
    painter.save();
    painter.setPen(QColor(90, 90, 90));
    QFont bold = painter.font();
    bold.setBold(true);
    painter.setFont(bold);
    painter.drawText(bounds.adjusted(0, 2, 0, 0), Qt::AlignHCenter | Qt::AlignTop, title);
    painter.setFont(QFont());
    painter.drawText(bounds, Qt::AlignCenter | Qt::TextWordWrap, text);
    painter.restore();
}

}  // namespace modescape::ui
