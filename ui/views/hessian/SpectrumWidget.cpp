#include "ui/views/hessian/SpectrumWidget.h"

namespace modescape::ui {

void SpectrumWidget::showPicture(SpectrumPicture picture) {
    picture_ = std::move(picture);
    update();
}

void SpectrumWidget::paintPanel(QPainter& painter, QRectF bounds) const {
    paintSpectrum(painter, bounds, picture_);
}

}  // namespace modescape::ui
