#include "ui/views/map/PanelWidget.h"

#include <QPainter>

namespace modescape::ui {

PanelWidget::PanelWidget(QWidget* parent) : QWidget(parent) {
    setMinimumSize(220, 180);
}

QImage PanelWidget::renderImage(QSize size, bool transparentBackground) const {
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(transparentBackground ? Qt::transparent : Qt::white);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing, false);
    paintPanel(painter, QRectF(QPointF(0, 0), QSizeF(size)));
    return image;
}

void PanelWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.fillRect(rect(), Qt::white);
    paintPanel(painter, QRectF(rect()));
}

}  // namespace modescape::ui
