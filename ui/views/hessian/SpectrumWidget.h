#pragma once
// The spectrum of the shown "hessian" result, painted by paintSpectrum().

#include "ui/views/hessian/SpectrumFigure.h"
#include "ui/views/map/PanelWidget.h"

namespace modescape::ui {

// No signals or slots of its own, so no Q_OBJECT (and no moc unit).
class SpectrumWidget : public PanelWidget {
  public:
    using PanelWidget::PanelWidget;
    void showPicture(SpectrumPicture picture);
    const SpectrumPicture& picture() const { return picture_; }
    void paintPanel(QPainter& painter, QRectF bounds) const override;

  private:
    SpectrumPicture picture_;
};

}  // namespace modescape::ui
