#pragma once
// Each member's L2 mass against its minimal mass over all scalings (points on
// the diagonal are already at the minimum), and below it the histogram of the
// excess mass, mass / minimal mass - 1.

#include <QStringList>

#include <string>
#include <vector>

#include "core/symmetry/PanelBinning.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/PanelWidget.h"

namespace modescape::ui {

class MassPanel : public PanelWidget {
    Q_OBJECT
  public:
    using PanelWidget::PanelWidget;

    // groups: each member's group (colours in order of first appearance);
    // excess: the histogram of the excess mass (binSymmetryPanels).
    void setMasses(std::vector<double> mass, std::vector<double> minimalMass,
                   symmetry::Histogram1d excess, const std::vector<std::string>& groups);
    void clear(const QString& message);
    const symmetry::Histogram1d& excessHistogram() const { return excess_; }
    void paintPanel(QPainter& painter, QRectF bounds) const override;
    // The two charts' frames as paintPanel(bounds) lays them out (for tests).
    PlotFrame scatterFrame(const QPainter& painter, QRectF panelBounds) const {
        return scatterFrameIn(painter, scatterBounds(panelBounds));
    }
    PlotFrame excessFrame(const QPainter& painter, QRectF panelBounds) const {
        return excessFrameIn(painter, excessBounds(panelBounds));
    }
    // The members' points (minimal mass, mass), in member order.
    const std::vector<double>& masses() const { return mass_; }
    const std::vector<double>& minimalMasses() const { return minimalMass_; }

  private:
    static QRectF scatterBounds(QRectF panelBounds);
    static QRectF excessBounds(QRectF panelBounds);
    PlotFrame scatterFrameIn(const QPainter& painter, QRectF chartBounds) const;
    PlotFrame excessFrameIn(const QPainter& painter, QRectF chartBounds) const;
    void paintScatter(QPainter& painter, QRectF bounds) const;
    void paintExcess(QPainter& painter, QRectF bounds) const;

    std::vector<double> mass_, minimalMass_;
    std::vector<int> group_;
    QStringList groupNames_;
    symmetry::Histogram1d excess_;
    QString message_ = tr("No data yet");
};

}  // namespace modescape::ui
