#pragma once
// The five symmetry panels laid out as the paper shows them: the pair of
// weights raw and removed on top, the unit of the largest weight raw and
// removed below, the mass panel on the right. The page and `modescape panels
// --png` both draw a result through it, so the picture is the same.

#include <QImage>
#include <QWidget>

class QPainter;

#include "core/symmetry/SymmetryPanelsResult.h"

namespace modescape::ui {

class MassPanel;
class MaxUnitHistogramPanel;
class WeightPairHistogramPanel;

class SymmetryPanelsGrid : public QWidget {
    Q_OBJECT
  public:
    explicit SymmetryPanelsGrid(QWidget* parent = nullptr);

    // The panels of these members' data, counted as `histograms` says.
    void showPanels(const symmetry::SymmetryPanelData& data,
                    const symmetry::SymmetryPanelHistograms& histograms);
    void clear(const QString& message);

    // Every panel painted where it sits in the grid, scaled to bounds (the
    // FigureWriter paint function of the panels).
    void paintFigure(QPainter& painter, const QRectF& bounds) const;
    // The panels painted at scale x the grid's size (text scaled alike).
    QImage paintedImage(double scale, bool transparentBackground) const;

    WeightPairHistogramPanel* rawPair() const { return rawPair_; }
    WeightPairHistogramPanel* removedPair() const { return removedPair_; }
    MaxUnitHistogramPanel* rawUnit() const { return rawUnit_; }
    MaxUnitHistogramPanel* removedUnit() const { return removedUnit_; }
    MassPanel* mass() const { return mass_; }

  private:
    WeightPairHistogramPanel* rawPair_ = nullptr;
    WeightPairHistogramPanel* removedPair_ = nullptr;
    MaxUnitHistogramPanel* rawUnit_ = nullptr;
    MaxUnitHistogramPanel* removedUnit_ = nullptr;
    MassPanel* mass_ = nullptr;
};

}  // namespace modescape::ui
