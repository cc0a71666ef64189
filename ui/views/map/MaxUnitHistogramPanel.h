#pragma once
// Per group, how many members hold a layer's largest weight in each unit:
// uniform-ish for raw weights (any unit may carry it), concentrated once
// permutations are removed. Bars side by side per unit, in the group colours.

#include <QString>

#include "core/symmetry/PanelBinning.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/PanelWidget.h"

namespace modescape::ui {

class MaxUnitHistogramPanel : public PanelWidget {
    Q_OBJECT
  public:
    using PanelWidget::PanelWidget;

    void setHistogram(const symmetry::GroupIndexHistogram& histogram, const QString& title);
    void clear(const QString& message);
    const symmetry::GroupIndexHistogram& histogram() const { return histogram_; }
    void paintPanel(QPainter& painter, QRectF bounds) const override;
    // The chart's frame as paintPanel(bounds) lays it out (for tests).
    PlotFrame frame(const QPainter& painter, QRectF bounds) const;

  private:
    symmetry::GroupIndexHistogram histogram_;
    QString title_ = tr("Unit of the largest weight"), message_ = tr("No data yet");
};

}  // namespace modescape::ui
