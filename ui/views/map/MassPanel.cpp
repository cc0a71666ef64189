#include "ui/views/map/MassPanel.h"

#include <QPainter>

#include <algorithm>

#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/GroupColours.h"

namespace modescape::ui {

void MassPanel::setMasses(std::vector<double> mass, std::vector<double> minimalMass,
                          symmetry::Histogram1d excess, const std::vector<std::string>& groups) {
    mass_ = std::move(mass);
    minimalMass_ = std::move(minimalMass);
    group_.clear();
    groupNames_.clear();
    for (const std::string& g : groups) {
        const QString name = QString::fromStdString(g);
        if (!groupNames_.contains(name))
            groupNames_ << name;
        group_.push_back(int(groupNames_.indexOf(name)));
    }
    excess_ = std::move(excess);
    message_.clear();
    update();
}

void MassPanel::clear(const QString& message) {
    mass_.clear();
    minimalMass_.clear();
    group_.clear();
    groupNames_.clear();
    excess_ = {};
    message_ = message;
    update();
}

void MassPanel::paintPanel(QPainter& painter, QRectF bounds) const {
    if (mass_.empty()) {
        drawPlaceholder(painter, bounds, tr("L2 mass"), message_);
        return;
    }
    paintScatter(painter, scatterBounds(bounds));
    paintExcess(painter, excessBounds(bounds));
}

QRectF MassPanel::scatterBounds(QRectF bounds) {
    return QRectF(bounds.topLeft(), QPointF(bounds.right(), bounds.top() + bounds.height() * 0.55));
}

QRectF MassPanel::excessBounds(QRectF bounds) {
    return QRectF(QPointF(bounds.left(), scatterBounds(bounds).bottom()), bounds.bottomRight());
}

PlotFrame MassPanel::scatterFrameIn(const QPainter& painter, QRectF bounds) const {
    const auto [lo, hi] = std::minmax_element(minimalMass_.begin(), minimalMass_.end());
    const double top = *std::max_element(mass_.begin(), mass_.end());
    const double low = *lo, high = std::max(*hi, top);
    const double pad = 0.05 * std::max(high - low, 1e-9);
    // Masses are never negative: the axes start at 0 at the lowest, not at low - pad.
    const double from = low >= 0 ? std::max(0.0, low - pad) : low - pad;
    PlotFrameOptions options;
    options.title = tr("L2 mass vs minimal mass");
    options.xName = tr("minimal mass");
    options.yName = tr("mass");
    options.legend = groupNames_;
    return PlotFrame(painter, bounds, {from, high + pad, from, high + pad}, options);
}

PlotFrame MassPanel::excessFrameIn(const QPainter& painter, QRectF bounds) const {
    std::int64_t top = 1;
    for (std::int64_t n : excess_.counts)
        top = std::max(top, n);
    PlotFrameOptions options;
    options.title = tr("Excess mass");
    options.integerY = true;
    options.xName = tr("mass / minimal mass - 1");
    options.yName = tr("members");
    // The excess is never negative either.
    return PlotFrame(painter, bounds, {std::max(0.0, excess_.lo), excess_.hi, 0, double(top)},
                     options);
}

void MassPanel::paintScatter(QPainter& painter, QRectF bounds) const {
    const PlotFrame frame = scatterFrameIn(painter, bounds);
    const PlotRange& r = frame.range();
    painter.save();
    painter.setClipRect(frame.plotArea());
    painter.setPen(QPen(QColor(150, 150, 150), figurePixels(painter, 0.75), Qt::DashLine));
    const double d0 = std::max(r.x0, r.y0), d1 = std::min(r.x1, r.y1);
    painter.drawLine(frame.map(d0, d0), frame.map(d1, d1));
    painter.setPen(Qt::NoPen);
    const double radius = figurePixels(painter, 2.6);
    for (std::size_t i = 0; i < mass_.size(); ++i) {
        painter.setBrush(groupQColor(i < group_.size() ? group_[i] : 0));
        painter.drawEllipse(frame.map(minimalMass_[i], mass_[i]), radius, radius);
    }
    painter.restore();
    frame.draw(painter);
}

void MassPanel::paintExcess(QPainter& painter, QRectF bounds) const {
    const PlotFrame frame = excessFrameIn(painter, bounds);
    painter.save();
    painter.setPen(QPen(Qt::white, figurePixels(painter, 0.75)));
    painter.setBrush(QColor(90, 90, 90));
    for (std::size_t k = 0; k < excess_.counts.size(); ++k)
        if (excess_.counts[k] > 0)
            painter.drawRect(
                QRectF(frame.map(excess_.lo + k * excess_.binWidth(), double(excess_.counts[k])),
                       frame.map(excess_.lo + (k + 1) * excess_.binWidth(), 0))
                    .normalized());
    painter.restore();
    frame.draw(painter);
}

}  // namespace modescape::ui
