#pragma once
// A 2-D histogram with square bins of a pair of weights across the set (the
// paper's raw vs symmetry-removed panels): counts as viridis cells, empty bins white.

#include <QString>

#include "core/symmetry/PanelBinning.h"
#include "ui/rendering/PlotFrame.h"
#include "ui/views/map/PanelWidget.h"

namespace modescape::ui {

class WeightPairHistogramPanel : public PanelWidget {
    Q_OBJECT
  public:
    using PanelWidget::PanelWidget;

    void setHistogram(const symmetry::SquareHistogram2d& histogram, const QString& title,
                      const QString& xName, const QString& yName);
    void clear(const QString& message);
    const symmetry::SquareHistogram2d& histogram() const { return histogram_; }
    // The colour of a bin with this count (white when 0).
    QColor binColour(std::int64_t count) const;
    void paintPanel(QPainter& painter, QRectF bounds) const override;
    // The chart's frame as paintPanel(bounds) lays it out (for tests).
    PlotFrame frame(const QPainter& painter, QRectF bounds) const;

  private:
    symmetry::SquareHistogram2d histogram_;
    QString title_ = tr("Pair of weights"), xName_, yName_, message_ = tr("No data yet");
};

}  // namespace modescape::ui
