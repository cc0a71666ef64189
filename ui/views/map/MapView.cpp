#include "ui/views/map/MapView.h"

#include <QMouseEvent>
#include <QRubberBand>
#include <QStackedLayout>
#include <QToolTip>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkRenderer.h>

#include <algorithm>
#include <cmath>
#include <set>

#include "ui/rendering/VtkView.h"
#include "ui/views/map/MapCanvas.h"
#include "ui/views/map/MapScene3d.h"

namespace modescape::ui {
namespace {

constexpr double kPickSlack = 3.0;  // logical pixels beyond a marker's edge that still hit it
constexpr int kDragThreshold = 4;   // a press that moves less is a click

QString metricText(double value, int decimals) {
    return std::isnan(value) ? QStringLiteral("-") : QString::number(value, 'f', decimals);
}

}  // namespace

MapView::MapView(QWidget* parent)
    : QWidget(parent),
      stack_(new QStackedLayout(this)),
      canvas_(new MapCanvas(model_, this)),
      view_(new VtkView(this)) {
    stack_->setContentsMargins(0, 0, 0, 0);
    stack_->addWidget(canvas_);
    stack_->addWidget(view_);
    scene3d_ = std::make_unique<MapScene3d>(view_->renderer(), model_);
    canvas_->installEventFilter(this);
    view_->installEventFilter(this);
    band_ = new QRubberBand(QRubberBand::Rectangle, this);
}

MapView::~MapView() = default;

QWidget* MapView::surface() const {
    return model_.isThreeDimensional() ? static_cast<QWidget*>(view_) : canvas_;
}

void MapView::refresh() {
    stack_->setCurrentWidget(surface());
    canvas_->modelChanged();
    scene3d_->refresh();
    if (model_.isThreeDimensional())
        view_->requestRender();
}

void MapView::setProjection(const symmetry::SetProjection& projection) {
    // The same map shown again (a kept result) keeps its zoom; a new one shows all points.
    const symmetry::SetProjection& shown = model_.projection();
    const bool same = shown.members == projection.members &&
                      shown.coordinates.rows() == projection.coordinates.rows() &&
                      shown.coordinates.cols() == projection.coordinates.cols() &&
                      shown.coordinates == projection.coordinates;
    model_.setProjection(projection);
    if (!same)
        canvas_->resetZoom();
    refresh();
    if (model_.isThreeDimensional()) {
        scene3d_->resetCamera();
        view_->requestRender();
    }
}

void MapView::setMetrics(MemberMetricsMap metrics) {
    model_.setMetrics(std::move(metrics));
    refresh();
}

void MapView::setColouring(MapColouring colouring) {
    model_.setColouring(colouring);
    refresh();
}

void MapView::setMetadataColouring(std::string key,
                                   std::map<std::string, std::string> valueByMember) {
    model_.setMetadataColumn(std::move(key), std::move(valueByMember));
    model_.setColouring(MapColouring::Metadata);
    refresh();
}

void MapView::setLabels(std::map<std::string, std::string> textByMember) {
    model_.setLabels(std::move(textByMember));
    refresh();
}

void MapView::setSelection(const QStringList& members) {
    const std::set<QString> wanted(members.begin(), members.end());
    std::vector<int> indices;
    const auto& names = model_.projection().members;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (wanted.count(QString::fromStdString(names[i])))
            indices.push_back(int(i));
    model_.setSelected(std::move(indices));
    refresh();
}

QStringList MapView::selectedMembers() const {
    QStringList names;
    for (int i : model_.selected())
        names << QString::fromStdString(model_.projection().members[std::size_t(i)]);
    return names;
}

std::vector<ScreenPoint> MapView::screenPositions() {
    std::vector<ScreenPoint> positions;
    for (int i = 0; i < model_.pointCount(); ++i) {
        const QPointF p = screenPosition(i);
        positions.push_back({p.x(), p.y()});
    }
    return positions;
}

QPointF MapView::screenPosition(int point) {
    if (!model_.isThreeDimensional())
        return canvas_->position(point);
    vtkRenderer* renderer = view_->renderer();
    const auto& c = model_.projection().coordinates;
    renderer->SetWorldPoint(c(point, 0), c(point, 1), c(point, 2), 1.0);
    renderer->WorldToDisplay();
    double display[3];
    renderer->GetDisplayPoint(display);
    // VTK counts device pixels from the bottom left; Qt logical pixels from the top left.
    const double dpr = view_->devicePixelRatioF();
    const int deviceHeight = view_->renderWindow()->GetSize()[1];
    return {display[0] / dpr, (deviceHeight - display[1]) / dpr};
}

int MapView::pointAt(QPoint pos) {
    // A marker's radius on screen: its diameter in points at 96 dpi, halved.
    const double radius = model_.markerPoints() * 96.0 / 72.0 / 2;
    const std::vector<ScreenPoint> points = screenPositions();
    // The topmost marker under the cursor (the one seen there), then the nearest
    // within a few pixels of its edge.
    const std::vector<int> order = model_.pointDrawOrder();
    for (auto it = order.rbegin(); it != order.rend(); ++it) {
        const ScreenPoint& p = points[std::size_t(*it)];
        if (std::hypot(p.x - pos.x(), p.y - pos.y()) <= radius)
            return *it;
    }
    return nearestScreenPoint(points, pos.x(), pos.y(), radius + kPickSlack);
}

void MapView::clickAt(QPoint pos, bool addToSelection) {
    const int hit = pointAt(pos);
    if (hit < 0) {
        if (!addToSelection)
            applySelection({}, false);
        return;
    }
    if (addToSelection) {  // Ctrl+click toggles
        std::vector<int> current = model_.selected();
        const auto at = std::find(current.begin(), current.end(), hit);
        if (at != current.end()) {
            current.erase(at);
            applySelection(current, false);
            return;
        }
    }
    applySelection({hit}, addToSelection);
}

void MapView::selectInRectangle(QRect rectangle, bool addToSelection) {
    const QRect r = rectangle.normalized();
    applySelection(
        screenPointsInRectangle(screenPositions(), r.left(), r.top(), r.right(), r.bottom()),
        addToSelection);
}

void MapView::applySelection(std::vector<int> indices, bool addToSelection) {
    if (addToSelection)
        indices.insert(indices.end(), model_.selected().begin(), model_.selected().end());
    model_.setSelected(std::move(indices));
    refresh();
    Q_EMIT selectionChanged(selectedMembers());
}

QString MapView::tooltipText(int point) const {
    const auto& p = model_.projection();
    const std::string& name = p.members[std::size_t(point)];
    QString text = QStringLiteral("<b>%1</b><br>group: %2")
                       .arg(QString::fromStdString(name).toHtmlEscaped(),
                            QString::fromStdString(p.groups[std::size_t(point)]).toHtmlEscaped());
    const auto metrics = model_.metrics().find(name);
    if (metrics != model_.metrics().end())
        text +=
            QStringLiteral("<br>accuracy: %1<br>NLL: %2")
                .arg(metricText(metrics->second.accuracy, 4), metricText(metrics->second.nll, 4));
    if (const auto* metadata = model_.metadataOf(point))
        for (const auto& [key, value] : *metadata)
            text += QStringLiteral("<br>%1: %2")
                        .arg(QString::fromStdString(key).toHtmlEscaped(),
                             QString::fromStdString(value).toHtmlEscaped());
    return text;
}

void MapView::showTooltip(QPoint pos, QPoint globalPos) {
    const int hit = pointAt(pos);
    if (hit < 0)
        QToolTip::hideText();
    else
        QToolTip::showText(globalPos, tooltipText(hit), surface());
}

QImage MapView::grabImage() {
    return model_.isThreeDimensional() ? view_->grabScene(1.0, false) : canvas_->image();
}

QImage MapView::grabFigure3d(double scale, bool transparentBackground, double textPixels) {
    scene3d_->setScale(scale);
    scene3d_->setTextPixels(textPixels);
    QImage image = view_->grabScene(scale, transparentBackground);
    scene3d_->setTextPixels(0);
    scene3d_->setScale(1.0);  // the screen's again
    view_->requestRender();
    return image;
}

FigurePaint MapView::figurePaint() const {
    if (model_.isThreeDimensional())
        return {};
    return canvas_->figurePaint();
}

bool MapView::eventFilter(QObject* watched, QEvent* event) {
    if (watched != surface() || model_.pointCount() == 0)
        return QWidget::eventFilter(watched, event);
    auto* mouse = dynamic_cast<QMouseEvent*>(event);
    if (!mouse)
        return QWidget::eventFilter(watched, event);
    const QPoint pos = mouse->position().toPoint();
    // The band is a child of this widget; the surface fills it.
    const QPoint offset = surface()->mapTo(this, QPoint(0, 0));
    switch (event->type()) {
        case QEvent::MouseButtonPress:
            // In 2-D the left button selects; in 3-D it rotates unless Shift is held.
            if (mouse->button() == Qt::LeftButton &&
                (!model_.isThreeDimensional() || (mouse->modifiers() & Qt::ShiftModifier))) {
                banding_ = true;
                bandOrigin_ = pos;
                band_->setGeometry(QRect(pos + offset, QSize()));
                return true;
            }
            break;
        case QEvent::MouseMove:
            if (banding_) {
                band_->setGeometry(QRect(bandOrigin_ + offset, pos + offset).normalized());
                band_->setVisible((pos - bandOrigin_).manhattanLength() >= kDragThreshold);
                return true;
            }
            if (mouse->buttons() == Qt::NoButton)
                showTooltip(pos, mouse->globalPosition().toPoint());
            break;
        case QEvent::MouseButtonRelease:
            if (banding_ && mouse->button() == Qt::LeftButton) {
                banding_ = false;
                band_->hide();
                const bool add = mouse->modifiers() & Qt::ControlModifier;
                if ((pos - bandOrigin_).manhattanLength() < kDragThreshold)
                    clickAt(bandOrigin_, add);
                else
                    selectInRectangle(QRect(bandOrigin_, pos), add);
                return true;
            }
            break;
        default:
            break;
    }
    return QWidget::eventFilter(watched, event);
}

}  // namespace modescape::ui
