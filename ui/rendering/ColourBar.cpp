#include "ui/rendering/ColourBar.h"

#include <QColor>
#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>

#include <algorithm>

#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/TickSpacing.h"

namespace modescape::ui {
namespace {

constexpr int kGradientStops = 17;  // the maps are piecewise linear between 17 control points

}  // namespace

QColor colourOf(const ColourBarSpec& bar, double value) {
    const double t = bar.hi > bar.lo ? (value - bar.lo) / (bar.hi - bar.lo) : 0.5;
    double rgb[3];
    colormapColor(bar.map, std::clamp(t, 0.0, 1.0), rgb);
    return QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
}

AxisTicks colourBarAxisTicks(const QPainter& painter, double lo, double hi, double length) {
    const QFontMetricsF metrics(painter.font(), painter.device());
    return niceTicks(lo, hi, tickCountForLength(length, kYTickSpacingEm * metrics.height()), false);
}

double colourBarStripWidth(const QPainter& painter, const AxisTicks& ticks) {
    const QFontMetricsF metrics(painter.font(), painter.device());
    double widest = 0;
    for (const double v : ticks.values)
        widest = std::max(widest, metrics.horizontalAdvance(tickLabel(v, ticks.step)));
    const double gap = figurePixels(painter, 2), tick = figurePixels(painter, 3);
    return 4 * gap + metrics.height() + tick + gap + widest + gap + metrics.height() + gap;
}

QRectF colourBarRect(const QPainter& painter, double stripLeft, double top, double height) {
    const QFontMetricsF metrics(painter.font(), painter.device());
    return {stripLeft + 4 * figurePixels(painter, 2), top, metrics.height(), height};
}

void drawColourBar(QPainter& painter, const QRectF& bar, const ColourBarSpec& spec,
                   const AxisTicks& ticks) {
    painter.save();
    const QFontMetricsF metrics(painter.font(), painter.device());
    const double gap = figurePixels(painter, 2), tick = figurePixels(painter, 3);
    const double lo = spec.lo, hi = spec.hi > spec.lo ? spec.hi : spec.lo + 1;
    const auto yOf = [&](double v) { return bar.bottom() - (v - lo) / (hi - lo) * bar.height(); };
    if (spec.bandEdges.size() >= 2) {
        for (std::size_t b = 0; b + 1 < spec.bandEdges.size(); ++b) {
            const double y0 = yOf(spec.bandEdges[b]), y1 = yOf(spec.bandEdges[b + 1]);
            painter.fillRect(QRectF(bar.left(), y1, bar.width(), y0 - y1),
                             colourOf(spec, (spec.bandEdges[b] + spec.bandEdges[b + 1]) / 2));
        }
    } else {
        // Bottom: the lowest value; a vector gradient, so SVG and PDF keep it sharp.
        QLinearGradient gradient(bar.bottomLeft(), bar.topLeft());
        for (int k = 0; k < kGradientStops; ++k) {
            const double t = double(k) / (kGradientStops - 1);
            gradient.setColorAt(t, colourOf(spec, lo + t * (hi - lo)));
        }
        painter.fillRect(bar, gradient);
    }
    painter.setPen(QPen(QColor(40, 40, 40), figurePixels(painter, 0.75)));
    painter.setBrush(Qt::NoBrush);
    painter.drawRect(bar);
    double widest = 0;
    for (const double v : ticks.values) {
        const double y = yOf(v);
        painter.drawLine(QPointF(bar.right(), y), QPointF(bar.right() + tick, y));
        const QString label = tickLabel(v, ticks.step);
        widest = std::max(widest, metrics.horizontalAdvance(label));
        painter.drawText(
            QPointF(bar.right() + tick + gap, y - metrics.height() / 2 + metrics.ascent()), label);
    }
    painter.translate(bar.right() + tick + gap + widest + gap, bar.center().y());
    painter.rotate(-90);
    painter.drawText(QRectF(-bar.height() / 2, 0, bar.height(), metrics.height()), Qt::AlignCenter,
                     metrics.elidedText(spec.name, Qt::ElideRight, bar.height()));
    painter.restore();
}

}  // namespace modescape::ui
