#include "ui/views/map/MapView.h"

#include <QMouseEvent>
#include <QRubberBand>
#include <QToolTip>
#include <QVBoxLayout>

#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkRenderer.h>

#include <cmath>
#include <set>

#include "ui/rendering/VtkView.h"

namespace modescape::ui {
namespace {

constexpr double kPickRadius = 8.0;  // logical pixels
constexpr int kDragThreshold = 4;    // a press that moves less is a click

QString metricText(double value, int decimals) {
    return std::isnan(value) ? QStringLiteral("-") : QString::number(value, 'f', decimals);
}

}  // namespace

MapView::MapView(QWidget* parent) : QWidget(parent), view_(new VtkView(this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(view_);
    scene_ = std::make_unique<MapScene>(view_->renderer());
    view_->installEventFilter(this);
    band_ = new QRubberBand(QRubberBand::Rectangle, view_);
}

MapView::~MapView() = default;

void MapView::setProjection(const symmetry::SetProjection& projection) {
    scene_->setProjection(projection);
    view_->requestRender();
}

void MapView::setMetrics(MemberMetricsMap metrics) {
    scene_->setMetrics(std::move(metrics));
    view_->requestRender();
}

void MapView::setColouring(MapColouring colouring) {
    scene_->setColouring(colouring);
    view_->requestRender();
}

void MapView::setSelection(const QStringList& members) {
    const std::set<QString> wanted(members.begin(), members.end());
    std::vector<int> indices;
    const auto& names = scene_->projection().members;
    for (std::size_t i = 0; i < names.size(); ++i)
        if (wanted.count(QString::fromStdString(names[i])))
            indices.push_back(int(i));
    scene_->setSelected(std::move(indices));
    view_->requestRender();
}

QStringList MapView::selectedMembers() const {
    QStringList names;
    for (int i : scene_->selected())
        names << QString::fromStdString(scene_->projection().members[std::size_t(i)]);
    return names;
}

std::vector<ScreenPoint> MapView::screenPositions() {
    std::vector<ScreenPoint> positions;
    for (int i = 0; i < scene_->pointCount(); ++i) {
        const QPointF p = screenPosition(i);
        positions.push_back({p.x(), p.y()});
    }
    return positions;
}

QPointF MapView::screenPosition(int point) {
    vtkRenderer* renderer = view_->renderer();
    double xyz[3];
    scene_->worldPosition(point, xyz);
    renderer->SetWorldPoint(xyz[0], xyz[1], xyz[2], 1.0);
    renderer->WorldToDisplay();
    double display[3];
    renderer->GetDisplayPoint(display);
    // VTK counts device pixels from the bottom left; Qt logical pixels from the top left.
    const double dpr = view_->devicePixelRatioF();
    const int deviceHeight = view_->renderWindow()->GetSize()[1];
    return {display[0] / dpr, (deviceHeight - display[1]) / dpr};
}

int MapView::pointAt(QPoint pos) {
    return nearestScreenPoint(screenPositions(), pos.x(), pos.y(), kPickRadius);
}

void MapView::clickAt(QPoint pos, bool addToSelection) {
    const int hit = pointAt(pos);
    if (hit < 0) {
        if (!addToSelection)
            applySelection({}, false);
        return;
    }
    if (addToSelection) {  // Ctrl+click toggles
        std::vector<int> current = scene_->selected();
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
        indices.insert(indices.end(), scene_->selected().begin(), scene_->selected().end());
    scene_->setSelected(std::move(indices));
    view_->requestRender();
    Q_EMIT selectionChanged(selectedMembers());
}

QString MapView::tooltipText(int point) const {
    const auto& p = scene_->projection();
    const std::string& name = p.members[std::size_t(point)];
    QString text = QStringLiteral("<b>%1</b><br>group: %2")
                       .arg(QString::fromStdString(name).toHtmlEscaped(),
                            QString::fromStdString(p.groups[std::size_t(point)]).toHtmlEscaped());
    const auto metrics = scene_->metrics().find(name);
    if (metrics != scene_->metrics().end())
        text +=
            QStringLiteral("<br>accuracy: %1<br>NLL: %2")
                .arg(metricText(metrics->second.accuracy, 4), metricText(metrics->second.nll, 4));
    return text;
}

void MapView::showTooltip(QPoint pos, QPoint globalPos) {
    const int hit = pointAt(pos);
    if (hit < 0)
        QToolTip::hideText();
    else
        QToolTip::showText(globalPos, tooltipText(hit), view_);
}

bool MapView::eventFilter(QObject* watched, QEvent* event) {
    if (watched != view_ || scene_->pointCount() == 0)
        return QWidget::eventFilter(watched, event);
    auto* mouse = dynamic_cast<QMouseEvent*>(event);
    if (!mouse)
        return QWidget::eventFilter(watched, event);
    const QPoint pos = mouse->position().toPoint();
    switch (event->type()) {
        case QEvent::MouseButtonPress:
            // In 2-D the left button selects; in 3-D it rotates unless Shift is held.
            if (mouse->button() == Qt::LeftButton &&
                (!scene_->isThreeDimensional() || (mouse->modifiers() & Qt::ShiftModifier))) {
                banding_ = true;
                bandOrigin_ = pos;
                band_->setGeometry(QRect(pos, QSize()));
                return true;
            }
            break;
        case QEvent::MouseMove:
            if (banding_) {
                band_->setGeometry(QRect(bandOrigin_, pos).normalized());
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
