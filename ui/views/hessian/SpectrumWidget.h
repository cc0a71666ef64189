#pragma once
// The spectrum of the shown "hessian" result, painted by paintSpectrum().

#include "ui/views/hessian/SpectrumFigure.h"
#include "ui/views/map/PanelWidget.h"

namespace modescape::ui {

class SpectrumWidget : public PanelWidget {
    Q_OBJECT
  public:
    using PanelWidget::PanelWidget;
    void showPicture(SpectrumPicture picture);
    const SpectrumPicture& picture() const { return picture_; }
    void paintPanel(QPainter& painter, QRectF bounds) const override;

  private:
    SpectrumPicture picture_;
};

}  // namespace modescape::ui
