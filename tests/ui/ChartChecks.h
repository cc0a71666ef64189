#pragma once
// Checks of the painted 2-D charts (ui/rendering/LineChart): a chart painted
// at a figure size with the frame it was laid out on, whether a box touches
// a curve (the files' checks are tests/common/FigureFileChecks.h).

#include <QByteArray>
#include <QImage>
#include <QLineF>
#include <QPainter>
#include <QPolygonF>
#include <QProcess>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

#include "tests/common/FigureFileChecks.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/LineChart.h"

namespace modescape::test {

struct PaintedChart {
    QImage image;
    std::optional<ui::PlotFrame> frame;  // as paintLineChart laid it out
    double fontPixels = 0;               // the painter's font size in pixels
    QRectF bounds;
};

inline PaintedChart paintChart(const ui::LineChartData& data, const ui::ResolvedFigure& figure) {
    PaintedChart painted;
    painted.image = ui::FigureWriter(figure).paintImage([&](QPainter& painter, const QRectF& r) {
        ui::paintLineChart(painter, r, data);
        painted.frame.emplace(ui::lineChartFrame(painter, r, data));
        painted.fontPixels = ui::figurePixels(painter, painter.font().pointSizeF());
        painted.bounds = r;
    });
    return painted;
}

// True when step is 1, 2, 2.5 or 5 times a power of ten.
inline bool isNiceStep(double step) {
    const double mantissa = step / std::pow(10.0, std::floor(std::log10(step) + 1e-12));
    for (double nice : {1.0, 2.0, 2.5, 5.0, 10.0})
        if (std::abs(mantissa - nice) < 1e-9)
            return true;
    return false;
}

// Points of the curves (straight segments between their points, sampled every
// half pixel) inside box.
inline int curvePointsInside(const QRectF& box, const std::vector<QPolygonF>& curves) {
    int inside = 0;
    for (const QPolygonF& curve : curves)
        for (int k = 0; k < curve.size(); ++k) {
            const QPointF a = curve[k], b = k + 1 < curve.size() ? curve[k + 1] : curve[k];
            const int steps = std::max(1, int(2 * QLineF(a, b).length()));
            for (int s = 0; s <= steps; ++s)
                inside += box.contains(a + (b - a) * (double(s) / steps));
        }
    return inside;
}

}  // namespace modescape::test
