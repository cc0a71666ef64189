#include "ui/views/map/WeightPairHistogramPanel.h"

#include <QPainter>

#include "ui/rendering/Colormaps.h"
#include "ui/rendering/PlotFrame.h"

namespace modescape::ui {

void WeightPairHistogramPanel::setHistogram(const symmetry::SquareHistogram2d& histogram,
                                            const QString& title, const QString& xName,
                                            const QString& yName) {
    histogram_ = histogram;
    title_ = title;
    xName_ = xName;
    yName_ = yName;
    message_.clear();
    update();
}

void WeightPairHistogramPanel::clear(const QString& message) {
    histogram_ = {};
    message_ = message;
    update();
}

QColor WeightPairHistogramPanel::binColour(std::int64_t count) const {
    if (count <= 0)
        return Qt::white;
    const std::int64_t top = histogram_.maximum();
    double rgb[3];
    // One member maps to the low end, the fullest bin to the high end.
    colormapColor(Colormap::Viridis, top > 1 ? double(count - 1) / double(top - 1) : 1.0, rgb);
    return QColor::fromRgbF(float(rgb[0]), float(rgb[1]), float(rgb[2]));
}

PlotFrame WeightPairHistogramPanel::frame(const QPainter& painter, QRectF bounds) const {
    const auto& h = histogram_;
    PlotFrameOptions options;
    options.squareArea = true;
    options.title = title_ + tr(" (max %1)").arg(h.maximum());
    options.xName = xName_;
    options.yName = yName_;
    return PlotFrame(painter, bounds, {h.lo, h.hi, h.lo, h.hi}, options);
}

void WeightPairHistogramPanel::paintPanel(QPainter& painter, QRectF bounds) const {
    if (histogram_.bins == 0) {
        drawPlaceholder(painter, bounds, title_, message_);
        return;
    }
    const auto& h = histogram_;
    const PlotFrame frame = this->frame(painter, bounds);
    const double width = (h.hi - h.lo) / h.bins;
    for (int by = 0; by < h.bins; ++by)
        for (int bx = 0; bx < h.bins; ++bx) {
            const std::int64_t n = h.count(bx, by);
            if (n == 0)
                continue;
            const QPointF a = frame.map(h.lo + bx * width, h.lo + by * width);
            const QPointF b = frame.map(h.lo + (bx + 1) * width, h.lo + (by + 1) * width);
            painter.fillRect(QRectF(a, b).normalized(), binColour(n));
        }
    frame.draw(painter);
}

}  // namespace modescape::ui
