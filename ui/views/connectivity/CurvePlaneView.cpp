#include "ui/views/connectivity/CurvePlaneView.h"

#include <QStackedWidget>
#include <QVBoxLayout>

#include <vtkActor.h>
#include <vtkCellArray.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkTubeFilter.h>

#include <algorithm>
#include <cmath>

#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/PathChart.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/landscape/SurfaceGeometry.h"

namespace modescape::ui {

CurvePlaneView::CurvePlaneView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    stack_ = new QStackedWidget(this);
    surface_ = new LandscapeSurfaceView(Mode::Surface, stack_);
    contour_ = new LandscapeSurfaceView(Mode::Contour, stack_);
    stack_->addWidget(surface_);
    stack_->addWidget(contour_);
    layout->addWidget(stack_);
}

void CurvePlaneView::setMode(Mode mode) {
    stack_->setCurrentWidget(mode == Mode::Surface ? surface_ : contour_);
    refreshCurrentView();
}

CurvePlaneView::Mode CurvePlaneView::mode() const {
    return currentView()->mode();
}

LandscapeSurfaceView* CurvePlaneView::currentView() const {
    return static_cast<LandscapeSurfaceView*>(stack_->currentWidget());
}

VtkView* CurvePlaneView::vtkView() const {
    return currentView()->vtkView();
}

void CurvePlaneView::setData(const LandscapeGrid& grid, const QVector<PlanePath>& paths) {
    grid_ = grid;
    paths_ = paths;
    surfaceStale_.data = contourStale_.data = true;
    refreshCurrentView();
}

void CurvePlaneView::setStyle(const SurfaceStyle& style) {
    style_ = style;
    surfaceStale_.style = contourStale_.style = true;
    refreshCurrentView();
}

void CurvePlaneView::showEvent(QShowEvent* event) {
    QWidget::showEvent(event);
    refreshCurrentView();
}

void CurvePlaneView::refreshHidden() {
    refreshView();
}

void CurvePlaneView::refreshCurrentView() {
    if (isVisible())
        refreshView();
}

void CurvePlaneView::refreshView() {
    Staleness& stale = currentView() == surface_ ? surfaceStale_ : contourStale_;
    if (!stale.data && !stale.style) {
        // Up to date, but the tubes may be in the other view.
        if (tubeRenderer_ != currentView()->vtkView()->renderer())
            addTubes();
        return;
    }
    if (stale.style)
        currentView()->setStyle(style_);
    if (stale.data)
        currentView()->setGrid(grid_);
    stale = {};
    addTubes();  // the view cleared its scene
}

double CurvePlaneView::tubeRadius() const {
    if (grid_.xs.size() < 2 || grid_.ys.size() < 2)
        return 0.01;
    return 0.008 * std::max(grid_.xs.back() - grid_.xs.front(), grid_.ys.back() - grid_.ys.front());
}

// The surface views clear their scene on every change, so the tubes are added
// again after each setGrid / setStyle, into the view on show.
void CurvePlaneView::addTubes() {
    if (tubeRenderer_)
        for (const auto& tube : tubes_)
            tubeRenderer_->RemoveActor(tube);
    tubes_.clear();
    centreLines_.clear();
    LandscapeSurfaceView* view = currentView();
    tubeRenderer_ = view->vtkView()->renderer();
    const SurfaceMapping mapping(grid_, view->style());
    if (!mapping.valid() || grid_.isOneDimensional()) {
        view->setLabelObstacles({}, 0.0);
        return;
    }
    const bool flat = view->mode() == Mode::Contour;
    const double radius = tubeRadius();
    QVector<QVector<std::array<double, 3>>> tubeLines;  // labels keep off them
    for (const PlanePath& path : paths_) {
        vtkNew<vtkPoints> points;
        vtkNew<vtkCellArray> lines;
        std::vector<vtkIdType> run;  // consecutive points on computed cells
        auto flush = [&] {
            if (run.size() >= 2)
                lines->InsertNextCell(static_cast<vtkIdType>(run.size()), run.data());
            run.clear();
        };
        for (int k = 0; k < path.x.size(); ++k) {
            const double loss = interpolatedLoss(grid_, path.x[k], path.y[k]);
            if (!std::isfinite(loss)) {
                flush();
                continue;
            }
            // Lifted by the radius so the tube rests on the surface, not in it.
            const double z = (flat ? 0.0 : mapping.height(loss)) + radius;
            run.push_back(points->InsertNextPoint(path.x[k], path.y[k], z));
            if (run.size() == 1)
                tubeLines.push_back({});
            tubeLines.back().push_back({path.x[k], path.y[k], z});
        }
        flush();
        auto line = vtkSmartPointer<vtkPolyData>::New();
        line->SetPoints(points);
        line->SetLines(lines);
        centreLines_.push_back(line);
        if (line->GetNumberOfLines() == 0)
            continue;
        vtkNew<vtkTubeFilter> tube;
        tube->SetInputData(line);
        tube->SetRadius(radius);
        tube->SetNumberOfSides(12);
        tube->CappingOn();
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(tube->GetOutputPort());
        mapper->ScalarVisibilityOff();
        vtkNew<vtkActor> actor;
        actor->SetMapper(mapper);
        actor->GetProperty()->SetColor(path.colour.redF(), path.colour.greenF(),
                                       path.colour.blueF());
        tubeRenderer_->AddActor(actor);
        tubes_.push_back(actor.Get());
    }
    view->setLabelObstacles(tubeLines, radius);
    view->vtkView()->requestRender();
}

void showCurvePlane(CurvePlaneView& view, const connectivity::CurvePlaneResult& plane) {
    using connectivity::PathKind;
    using connectivity::pathKindName;
    LandscapeGrid grid = gridFromResult(plane.surface);
    grid.title =
        QObject::tr("%1 loss on the plane through %2, %3 and the %4 curve's middle bend")
            .arg(QString::fromStdString(plane.surface.settings.split),
                 QString::fromStdString(plane.memberA), QString::fromStdString(plane.memberB),
                 QString::fromUtf8(pathKindName(plane.kind)));
    QVector<PlanePath> paths;
    if (!plane.x.empty()) {
        // The straight path A -> B is the plane's x axis from 0 to 1.
        PlanePath line{"linear", PathChart::pathColour(PathKind::Linear), {}, {}};
        for (double t : plane.t) {
            line.x << t;
            line.y << 0.0;
        }
        paths << line;
        PlanePath curve{
            QString::fromUtf8(pathKindName(plane.kind)), PathChart::pathColour(plane.kind), {}, {}};
        curve.x = QVector<double>(plane.x.begin(), plane.x.end());
        curve.y = QVector<double>(plane.y.begin(), plane.y.end());
        paths << curve;
    }
    view.setData(grid, paths);
}

}  // namespace modescape::ui
