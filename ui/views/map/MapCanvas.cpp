#include "ui/views/map/MapCanvas.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace modescape::ui {
namespace {

constexpr double kZoomPerNotch = 0.8;  // the shown span per wheel notch towards the user

}  // namespace

MapCanvas::MapCanvas(const MapModel& model, QWidget* parent) : QWidget(parent), model_(model) {
    setMinimumSize(240, 200);
    setFocusPolicy(Qt::ClickFocus);
    setMouseTracking(true);  // hover tooltips
}

void MapCanvas::invalidate() {
    image_ = QImage();
    figure_.reset();
}

void MapCanvas::modelChanged() {
    invalidate();
    update();
}

void MapCanvas::resetZoom() {
    window_.reset();
    modelChanged();
}

void MapCanvas::setWindow(const std::optional<PlotRange>& window) {
    window_ = window;
    modelChanged();
}

ResolvedFigure MapCanvas::screenFigure(double scale) const {
    ResolvedFigure figure;
    figure.pixels = (QSizeF(size()) * scale).toSize().expandedTo(QSize(16, 16));
    figure.dpi = kScreenDpi * scale;
    figure.fontPoints = font().pointSizeF() > 0 ? font().pointSizeF() : kScreenFontPoints;
    return figure;
}

FigurePaint MapCanvas::figurePaint() const {
    const MapModel& model = model_;
    const std::optional<PlotRange> window = window_;
    return [&model, window](QPainter& painter, const QRectF& bounds) {
        paintMap(painter, bounds, model, window);
    };
}

void MapCanvas::render() {
    if (!image_.isNull())
        return;
    const double dpr = devicePixelRatioF();
    const bool drawable = model_.pointCount() > 0 && !model_.isThreeDimensional();
    image_ = FigureWriter(screenFigure(dpr)).paintImage([&](QPainter& painter, const QRectF& b) {
        if (!drawable) {
            paintMap(painter, b, model_, window_);
            return;
        }
        figure_.emplace(painter, b, model_, window_);
        figure_->draw(painter);
    });
    image_.setDevicePixelRatio(dpr);
}

const MapFigure* MapCanvas::figure() {
    render();
    return figure_ ? &*figure_ : nullptr;
}

QPointF MapCanvas::position(int point) {
    const MapFigure* f = figure();
    return f ? f->position(point) / devicePixelRatioF() : QPointF();
}

QImage MapCanvas::image() {
    render();
    return image_;
}

void MapCanvas::paintEvent(QPaintEvent*) {
    render();
    QPainter painter(this);
    painter.drawImage(QPointF(0, 0), image_);
}

void MapCanvas::resizeEvent(QResizeEvent* event) {
    invalidate();
    QWidget::resizeEvent(event);
}

void MapCanvas::zoomAt(QPointF position, double factor) {
    const MapFigure* f = figure();
    if (!f || !(factor > 0))
        return;
    const double dpr = devicePixelRatioF();
    const QPointF centre = f->dataAt(position * dpr);
    const PlotRange r = f->frame().range();
    window_ = PlotRange{
        centre.x() + (r.x0 - centre.x()) * factor, centre.x() + (r.x1 - centre.x()) * factor,
        centre.y() + (r.y0 - centre.y()) * factor, centre.y() + (r.y1 - centre.y()) * factor};
    modelChanged();
}

void MapCanvas::panBy(QPointF offset) {
    const MapFigure* f = figure();
    if (!f)
        return;
    const double dpr = devicePixelRatioF();
    const QPointF from = f->dataAt(QPointF(0, 0)), to = f->dataAt(offset * dpr);
    const PlotRange r = f->frame().range();
    const double dx = from.x() - to.x(), dy = from.y() - to.y();
    window_ = PlotRange{r.x0 + dx, r.x1 + dx, r.y0 + dy, r.y1 + dy};
    modelChanged();
}

void MapCanvas::wheelEvent(QWheelEvent* event) {
    const double notches = event->angleDelta().y() / 120.0;
    if (notches != 0)
        zoomAt(event->position(), std::pow(kZoomPerNotch, notches));
    event->accept();
}

void MapCanvas::mousePressEvent(QMouseEvent* event) {
    if (event->button() == Qt::MiddleButton) {
        panning_ = true;
        panFrom_ = event->position();
        event->accept();
        return;
    }
    QWidget::mousePressEvent(event);
}

void MapCanvas::mouseMoveEvent(QMouseEvent* event) {
    if (panning_) {
        panBy(event->position() - panFrom_);
        panFrom_ = event->position();
        event->accept();
        return;
    }
    QWidget::mouseMoveEvent(event);
}

void MapCanvas::mouseReleaseEvent(QMouseEvent* event) {
    if (panning_ && event->button() == Qt::MiddleButton) {
        panning_ = false;
        event->accept();
        return;
    }
    QWidget::mouseReleaseEvent(event);
}

void MapCanvas::mouseDoubleClickEvent(QMouseEvent* event) {
    if (event->button() == Qt::LeftButton && window_)
        resetZoom();
    QWidget::mouseDoubleClickEvent(event);
}

void MapCanvas::keyPressEvent(QKeyEvent* event) {
    if (event->key() == Qt::Key_R) {
        resetZoom();
        return;
    }
    QWidget::keyPressEvent(event);
}

}  // namespace modescape::ui
