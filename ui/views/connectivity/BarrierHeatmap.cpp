#include "ui/views/connectivity/BarrierHeatmap.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>

#include <cmath>

namespace modescape::ui {

QString elidedMemberName(const QString& name, int maxCharacters) {
    if (name.size() <= maxCharacters || maxCharacters < 5)
        return name;
    // ASCII dots: VTK's built-in fonts may lack the ellipsis character.
    const int kept = maxCharacters - 3;
    return name.left((kept + 1) / 2) + "..." + name.right(kept / 2);
}

BarrierHeatmap::BarrierHeatmap(QWidget* parent) : QWidget(parent) {
    setMinimumSize(240, 200);
    setMouseTracking(true);
}

void BarrierHeatmap::setMatrix(const connectivity::BarrierMatrix& matrix) {
    figure_.setMatrix(matrix);
    shown_.reset();
    update();
}

void BarrierHeatmap::paintEvent(QPaintEvent*) {
    QPainter painter(this);
    painter.setRenderHint(QPainter::Antialiasing, true);
    painter.setRenderHint(QPainter::TextAntialiasing, true);
    painter.fillRect(rect(), Qt::white);
    const QRectF bounds(rect());
    shown_ = figure_.layOut(painter, bounds);
    figure_.paint(painter, bounds);
}

QString BarrierHeatmap::toolTipAt(QPointF point) const {
    if (!shown_)
        return {};
    const BarrierHeatmapLayout& l = *shown_;
    for (std::size_t k = 0; k < l.named.size(); ++k)
        if (l.rowNames[k].contains(point) || l.columnNames[k].contains(point))
            return figure_.memberName(l.named[k]);
    if (!l.cells.contains(point) || l.cell <= 0)
        return {};
    const int n = int(figure_.order().size());
    const int row = std::min(n - 1, int((point.y() - l.cells.top()) / l.cell));
    const int column = std::min(n - 1, int((point.x() - l.cells.left()) / l.cell));
    const double b = figure_.matrix().barrier(figure_.order()[std::size_t(row)],
                                              figure_.order()[std::size_t(column)]);
    return tr("%1 – %2: barrier %3")
        .arg(figure_.memberName(row), figure_.memberName(column),
             std::isfinite(b) ? QString::number(b, 'g', 4) : tr("not computed yet"));
}

bool BarrierHeatmap::event(QEvent* event) {
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const QString text = toolTipAt(help->pos());
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

}  // namespace modescape::ui
