#include "ui/views/calibration/ReliabilityDiagramWidget.h"

#include <QPainter>

namespace modescape::ui {

ReliabilityDiagramWidget::ReliabilityDiagramWidget(QWidget* parent) : QWidget(parent) {
    setMinimumSize(240, 200);
}

void ReliabilityDiagramWidget::setData(const ReliabilityDiagramData& data) {
    scene_.setData(data);
    update();
}

void ReliabilityDiagramWidget::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.fillRect(rect(), Qt::white);
    const QRectF bounds(rect());
    shown_ = scene_.frames(painter, bounds);
    scene_.paint(painter, bounds);
}

}  // namespace modescape::ui
