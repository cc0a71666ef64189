#include "ui/views/map/MassPanel.h"

#include <QPainter>

#include <algorithm>

#include "ui/views/map/GroupColours.h"
#include "ui/views/map/PlotFrame.h"

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
    const double split = bounds.top() + bounds.height() * 0.55;
    paintScatter(painter, QRectF(bounds.topLeft(), QPointF(bounds.right(), split)));
    paintExcess(painter, QRectF(QPointF(bounds.left(), split), bounds.bottomRight()));
}

void MassPanel::paintScatter(QPainter& painter, QRectF bounds) const {
    const auto [lo, hi] = std::minmax_element(minimalMass_.begin(), minimalMass_.end());
    const double top = *std::max_element(mass_.begin(), mass_.end());
    const double low = *lo, high = std::max(*hi, top);
    const double pad = 0.05 * std::max(high - low, 1e-9);
    const PlotFrame frame(bounds, {low - pad, high + pad, low - pad, high + pad});
    painter.save();
    painter.setClipRect(frame.plotArea());
    painter.setPen(QPen(QColor(150, 150, 150), 1, Qt::DashLine));
    painter.drawLine(frame.map(low - pad, low - pad), frame.map(high + pad, high + pad));
    painter.setPen(Qt::NoPen);
    for (std::size_t i = 0; i < mass_.size(); ++i) {
        painter.setBrush(groupQColor(i < group_.size() ? group_[i] : 0));
        painter.drawEllipse(frame.map(minimalMass_[i], mass_[i]), 3.5, 3.5);
    }
    painter.restore();
    frame.drawAxes(painter, tr("L2 mass vs minimal mass"), tr("minimal mass"), tr("mass"));
    drawGroupLegend(painter, frame.plotArea(), groupNames_);
}

void MassPanel::paintExcess(QPainter& painter, QRectF bounds) const {
    std::int64_t top = 1;
    for (std::int64_t n : excess_.counts)
        top = std::max(top, n);
    const PlotFrame frame(bounds, {excess_.lo, excess_.hi, 0, double(top)});
    painter.setPen(QPen(Qt::white, 1));
    painter.setBrush(QColor(90, 90, 90));
    for (std::size_t k = 0; k < excess_.counts.size(); ++k)
        if (excess_.counts[k] > 0)
            painter.drawRect(
                QRectF(frame.map(excess_.lo + k * excess_.binWidth(), double(excess_.counts[k])),
                       frame.map(excess_.lo + (k + 1) * excess_.binWidth(), 0))
                    .normalized());
    frame.drawAxes(painter, tr("Excess mass"), tr("mass / minimal mass - 1"), tr("members"));
}

}  // namespace modescape::ui
