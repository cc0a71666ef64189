#include "ui/views/map/MaxUnitHistogramPanel.h"

#include <QPainter>

#include <algorithm>

#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/GroupColours.h"

namespace modescape::ui {

void MaxUnitHistogramPanel::setHistogram(const symmetry::GroupIndexHistogram& histogram,
                                         const QString& title) {
    histogram_ = histogram;
    title_ = title;
    message_.clear();
    update();
}

void MaxUnitHistogramPanel::clear(const QString& message) {
    histogram_ = {};
    message_ = message;
    update();
}

PlotFrame MaxUnitHistogramPanel::frame(const QPainter& painter, QRectF bounds) const {
    const auto& h = histogram_;
    std::int64_t top = 1;
    for (const auto& counts : h.counts)
        top = std::max(top, *std::max_element(counts.begin(), counts.end()));
    PlotFrameOptions options;
    options.integerX = true;
    options.integerY = true;
    options.title = title_;
    options.xName = tr("unit (row) of the largest weight");
    options.yName = tr("members");
    for (const auto& g : h.groups)
        options.legend << QString::fromStdString(g);
    return PlotFrame(painter, bounds, {-0.5, h.units - 0.5, 0, double(top)}, options);
}

void MaxUnitHistogramPanel::paintPanel(QPainter& painter, QRectF bounds) const {
    const auto& h = histogram_;
    if (h.units == 0 || h.groups.empty()) {
        drawPlaceholder(painter, bounds, title_, message_);
        return;
    }
    const PlotFrame frame = this->frame(painter, bounds);
    const double groupWidth = 0.8 / double(h.groups.size());  // of one unit's slot
    painter.save();
    painter.setPen(Qt::NoPen);
    for (std::size_t g = 0; g < h.groups.size(); ++g) {
        painter.setBrush(groupQColor(int(g)));
        for (int u = 0; u < h.units; ++u) {
            const std::int64_t n = h.counts[g][std::size_t(u)];
            if (n == 0)
                continue;
            const double left = u - 0.4 + g * groupWidth;
            painter.drawRect(
                QRectF(frame.map(left, double(n)), frame.map(left + groupWidth, 0)).normalized());
        }
    }
    painter.restore();
    frame.draw(painter);
}

}  // namespace modescape::ui
