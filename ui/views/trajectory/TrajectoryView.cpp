#include "ui/views/trajectory/TrajectoryView.h"

#include <QFileInfo>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>

#include "core/common/JoinText.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/trajectory/TrajectoryContour.h"

namespace modescape::ui {

LandscapeGrid trajectoryGrid(const trajectory::TrajectoryResult& r) {
    LandscapeGrid grid = gridFromResult(r.surface);
    const QString split = QString::fromStdString(r.surface.settings.split);
    // The centre by its file's stem ("epoch-60"): the title must fit the figure.
    const QString centre = QFileInfo(QString::fromStdString(r.centerName)).completeBaseName();
    grid.title =
        QObject::tr("%1 loss on the PCA plane of %2, centred on %3")
            .arg(split.isEmpty() ? QObject::tr("Test") : split.left(1).toUpper() + split.mid(1),
                 QString::fromStdString(joinText(r.groups)), centre);
    // Each axis with its share of the run's squared displacement, so the
    // figure alone says how much of the path the plane holds.
    auto axisTitle = [&r](const char* axis, std::size_t component) {
        const QString title = QString::fromUtf8(axis) + QObject::tr(" (PCA %1").arg(component + 1);
        if (component >= r.componentVariance.size() ||
            !std::isfinite(r.componentVariance[component]))
            return title + ")";
        return title + QObject::tr(", %1% of variance)")
                           .arg(100.0 * r.componentVariance[component], 0, 'f', 1);
    };
    grid.xTitle = axisTitle("α", 0);
    grid.yTitle = axisTitle("β", 1);
    return grid;
}

TrajectoryView::TrajectoryView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    stack_ = new QStackedWidget(this);
    surface_ = new LandscapeSurfaceView(stack_);
    contour_ = new ContourCanvas(stack_);
    contour_->setObjectName("trajectoryContour");
    stack_->addWidget(surface_);
    stack_->addWidget(contour_);
    layout->addWidget(stack_);
}

void TrajectoryView::setMode(Mode mode) {
    stack_->setCurrentWidget(mode == Mode::Surface ? static_cast<QWidget*>(surface_) : contour_);
    if (isVisible())
        refreshView();
}

TrajectoryView::Mode TrajectoryView::mode() const {
    return stack_->currentWidget() == surface_ ? Mode::Surface : Mode::Contour;
}

VtkView* TrajectoryView::vtkView() const {
    return surface_->vtkView();
}

void TrajectoryView::setResult(const trajectory::TrajectoryResult& result) {
    result_ = result;
    grid_ = trajectoryGrid(result_);
    surfaceStale_ = contourStale_ = true;
    if (isVisible())
        refreshView();
}

void TrajectoryView::setShownMembers(int shown) {
    shown_ = shown;
    if (mode() == Mode::Contour)
        contour_->setOverlay(trajectoryContourOverlay(result_, shown_));
    else
        overlay_.attach(*surface_, grid_, result_, shown_);
}

int TrajectoryView::longestPath() const {
    int longest = 0;
    for (const auto& group : result_.groups)
        longest = std::max(longest, static_cast<int>(result_.pathOf(group).size()));
    return longest;
}

void TrajectoryView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refreshView();
}

void TrajectoryView::refreshHidden() {
    refreshView();
}

// The surface view clears its scene on every setGrid, so the overlay is
// attached again after each.
void TrajectoryView::refreshView() {
    if (mode() == Mode::Contour) {
        if (contourStale_) {
            contour_->setGrid(grid_);
            contour_->setOverlay(trajectoryContourOverlay(result_, shown_));
        }
        contourStale_ = false;
        return;
    }
    if (surfaceStale_)
        surface_->setGrid(grid_);
    surfaceStale_ = false;
    overlay_.attach(*surface_, grid_, result_, shown_);
}

}  // namespace modescape::ui
