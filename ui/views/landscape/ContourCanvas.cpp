#include "ui/views/landscape/ContourCanvas.h"

#include <QMouseEvent>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace modescape::ui {
namespace {

int nearestIndex(const QVector<double>& coords, double v) {
    int best = 0;
    for (int k = 1; k < coords.size(); ++k)
        if (std::abs(coords[k] - v) < std::abs(coords[best] - v))
            best = k;
    return best;
}

}  // namespace

ContourCanvas::ContourCanvas(QWidget* parent) : QWidget(parent) {
    setObjectName("contourCanvas");
    setMinimumSize(240, 200);
}

void ContourCanvas::changed() {
    image_ = QImage();
    figure_.reset();
    update();
}

void ContourCanvas::setGrid(const LandscapeGrid& grid) {
    const bool sameResult = grid.xs == grid_.xs && grid.ys == grid_.ys && grid.title == grid_.title;
    if (!sameResult)
        pickedI_ = pickedJ_ = -1;  // a readout of another result would be wrong here
    grid_ = grid;
    changed();
}

void ContourCanvas::setStyle(const SurfaceStyle& style) {
    style_ = style;
    changed();
}

void ContourCanvas::setOverlay(const ContourOverlay& overlay) {
    overlay_ = overlay;
    changed();
}

void ContourCanvas::pickGridPoint(int i, int j) {
    pickedI_ = i;
    pickedJ_ = j;
    update();
}

QString ContourCanvas::readout() const {
    if (pickedI_ < 0 || pickedI_ >= grid_.nx() || pickedJ_ < 0 || pickedJ_ >= grid_.ny())
        return {};
    return tr("%1 %2, %3 %4: loss %5, accuracy %6%")
        .arg(QString::fromUtf8("α"))
        .arg(grid_.xs.value(pickedI_), 0, 'g', 4)
        .arg(QString::fromUtf8("β"))
        .arg(grid_.ys.value(pickedJ_), 0, 'g', 4)
        .arg(grid_.lossAt(pickedI_, pickedJ_), 0, 'g', 5)
        .arg(100.0 * grid_.accuracyAt(pickedI_, pickedJ_), 0, 'f', 2);
}

ResolvedFigure ContourCanvas::screenFigure(double scale) const {
    ResolvedFigure figure;
    figure.pixels = (QSizeF(size()) * scale).toSize().expandedTo(QSize(16, 16));
    figure.dpi = kScreenDpi * scale;
    figure.fontPoints = font().pointSizeF() > 0 ? font().pointSizeF() : kScreenFontPoints;
    return figure;
}

FigurePaint ContourCanvas::figurePaint() const {
    // Copies: a figure may be written after the view changed or closed.
    return [grid = grid_, style = style_, overlay = overlay_](QPainter& painter,
                                                              const QRectF& bounds) {
        paintContour(painter, bounds, grid, style, overlay);
    };
}

QImage ContourCanvas::figureImage(double scale, bool transparentBackground) const {
    ResolvedFigure figure = screenFigure(scale > 0 ? scale : 1.0);
    figure.transparent = transparentBackground;
    return FigureWriter(figure).paintImage(figurePaint());
}

void ContourCanvas::render() {
    if (!image_.isNull())
        return;
    const double dpr = devicePixelRatioF();
    image_ = FigureWriter(screenFigure(dpr)).paintImage([&](QPainter& painter, const QRectF& b) {
        figure_.emplace(painter, b, grid_, style_, overlay_);
        if (figure_->drawable()) {
            figure_->draw(painter);
        } else {
            figure_.reset();
            paintContour(painter, b, grid_, style_, overlay_);
        }
    });
    image_.setDevicePixelRatio(dpr);
}

const ContourFigure* ContourCanvas::figure() {
    render();
    return figure_ ? &*figure_ : nullptr;
}

QImage ContourCanvas::image() {
    render();
    return image_;
}

void ContourCanvas::paintEvent(QPaintEvent*) {
    render();
    QPainter painter(this);
    painter.drawImage(QPointF(0, 0), image_);
    const QString text = readout();
    if (text.isEmpty())
        return;
    // The readout belongs to the screen: in the lower left corner, on a light box.
    const QFontMetricsF metrics(font());
    const QRectF box(4, height() - metrics.height() - 8, metrics.horizontalAdvance(text) + 8,
                     metrics.height() + 4);
    painter.fillRect(box, QColor(255, 255, 255, 230));
    painter.setPen(QColor(26, 26, 26));
    painter.drawText(box, Qt::AlignCenter, text);
}

void ContourCanvas::resizeEvent(QResizeEvent* event) {
    image_ = QImage();
    figure_.reset();
    QWidget::resizeEvent(event);
}

void ContourCanvas::mouseReleaseEvent(QMouseEvent* event) {
    const ContourFigure* f = figure();
    if (event->button() != Qt::LeftButton || !f) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    const QPointF at = event->position() * devicePixelRatioF();
    if (!f->plotArea().contains(at))
        return;
    const QPointF data = f->dataAt(at);
    const int i = nearestIndex(grid_.xs, data.x()), j = nearestIndex(grid_.ys, data.y());
    pickGridPoint(i, j);
    Q_EMIT pointPicked(i, j, grid_.xs[i], grid_.ys[j], grid_.lossAt(i, j), grid_.accuracyAt(i, j));
}

}  // namespace modescape::ui
