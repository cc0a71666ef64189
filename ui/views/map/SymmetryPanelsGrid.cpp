#include "ui/views/map/SymmetryPanelsGrid.h"

#include <QGridLayout>
#include <QPainter>

#include <algorithm>

#include "ui/rendering/FigureWriter.h"
#include "ui/views/map/MassPanel.h"
#include "ui/views/map/MaxUnitHistogramPanel.h"
#include "ui/views/map/WeightPairHistogramPanel.h"

namespace modescape::ui {

SymmetryPanelsGrid::SymmetryPanelsGrid(QWidget* parent) : QWidget(parent) {
    setAutoFillBackground(true);
    auto* grid = new QGridLayout(this);
    rawPair_ = new WeightPairHistogramPanel(this);
    removedPair_ = new WeightPairHistogramPanel(this);
    rawUnit_ = new MaxUnitHistogramPanel(this);
    removedUnit_ = new MaxUnitHistogramPanel(this);
    mass_ = new MassPanel(this);
    grid->addWidget(rawPair_, 0, 0);
    grid->addWidget(removedPair_, 0, 1);
    grid->addWidget(mass_, 0, 2, 2, 1);
    grid->addWidget(rawUnit_, 1, 0);
    grid->addWidget(removedUnit_, 1, 1);
}

void SymmetryPanelsGrid::showPanels(const symmetry::SymmetryPanelData& d,
                                    const symmetry::SymmetryPanelHistograms& h) {
    const QString tensor = QString::fromStdString(d.pairTensor);
    const QString x = tr("%1[%2]").arg(tensor).arg(d.elementA);
    const QString y = tr("%1[%2]").arg(tensor).arg(d.elementB);
    rawPair_->setHistogram(h.rawPair, tr("Raw weights"), x, y);
    removedPair_->setHistogram(h.removedPair, tr("Symmetry removed"), x, y);
    const QString layer = QString::fromStdString(d.indexTensor);
    rawUnit_->setHistogram(h.rawUnit, tr("Largest weight of %1, raw").arg(layer));
    removedUnit_->setHistogram(h.removedUnit, tr("Largest weight of %1, removed").arg(layer));
    mass_->setMasses(d.mass, d.minimalMass, h.excessMass, d.groups);
}

void SymmetryPanelsGrid::clear(const QString& message) {
    rawPair_->clear(message);
    removedPair_->clear(message);
    rawUnit_->clear(message);
    removedUnit_->clear(message);
    mass_->clear(message);
}

void SymmetryPanelsGrid::paintFigure(QPainter& painter, const QRectF& bounds) const {
    // Each panel keeps its place in the grid, scaled to bounds; the painter is
    // not scaled, so text keeps the figure's point size.
    const double sx = bounds.width() / std::max(1, width()),
                 sy = bounds.height() / std::max(1, height());
    for (PanelWidget* panel : std::initializer_list<PanelWidget*>{rawPair_, removedPair_, rawUnit_,
                                                                  removedUnit_, mass_}) {
        const QRect g = panel->geometry();
        panel->paintPanel(painter, QRectF(bounds.left() + g.x() * sx, bounds.top() + g.y() * sy,
                                          g.width() * sx, g.height() * sy));
    }
}

QImage SymmetryPanelsGrid::paintedImage(double scale, bool transparentBackground) const {
    const QSize size = (QSizeF(this->size()) * scale).toSize().expandedTo(QSize(1, 1));
    ResolvedFigure figure = resolveFigure(FigureSize::fromPixels(size), this->size());
    figure.transparent = transparentBackground;
    return FigureWriter(figure).paintImage(
        [this](QPainter& painter, const QRectF& bounds) { paintFigure(painter, bounds); });
}

}  // namespace modescape::ui
