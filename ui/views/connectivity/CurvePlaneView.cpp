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
#include "ui/views/landscape/ContourCanvas.h"
#include "ui/views/landscape/GridFromResult.h"
#include "ui/views/landscape/SurfaceGeometry.h"

namespace modescape::ui {

CurvePlaneView::CurvePlaneView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    stack_ = new QStackedWidget(this);
    surface_ = new LandscapeSurfaceView(stack_);
    contour_ = new ContourCanvas(stack_);
    contour_->setObjectName("curvePlaneContour");
    stack_->addWidget(surface_);
    stack_->addWidget(contour_);
    layout->addWidget(stack_);
}

void CurvePlaneView::setMode(Mode mode) {
    stack_->setCurrentWidget(mode == Mode::Surface ? static_cast<QWidget*>(surface_) : contour_);
    refreshCurrentView();
}

CurvePlaneView::Mode CurvePlaneView::mode() const {
    return stack_->currentWidget() == surface_ ? Mode::Surface : Mode::Contour;
}

VtkView* CurvePlaneView::vtkView() const {
    return surface_->vtkView();
}

void CurvePlaneView::setData(const LandscapeGrid& grid, const QVector<PlanePath>& paths) {
    grid_ = grid;
    paths_ = paths;
    surfaceStale_.data = true;
    refreshCurrentView();
}

void CurvePlaneView::setStyle(const SurfaceStyle& style) {
    style_ = style;
    surfaceStale_.style = true;
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
    if (mode() == Mode::Contour) {
        // Painting is cheap: the canvas is simply given everything again.
        contour_->setStyle(style_);
        contour_->setGrid(grid_);
        contour_->setOverlay(contourOverlayOf(paths_));
        return;
    }
    Staleness& stale = surfaceStale_;
    if (!stale.data && !stale.style) {
        if (!tubeRenderer_)
            addTubes();
        return;
    }
    if (stale.style)
        surface_->setStyle(style_);
    if (stale.data)
        surface_->setGrid(grid_);
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
    LandscapeSurfaceView* view = surface_;
    tubeRenderer_ = view->vtkView()->renderer();
    const SurfaceMapping mapping(grid_, view->style());
    if (!mapping.valid() || grid_.isOneDimensional()) {
        view->setLabelObstacles({}, 0.0);
        return;
    }
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
            const double z = mapping.height(loss) + radius;
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

LandscapeGrid curvePlaneGrid(const connectivity::CurvePlaneResult& plane) {
    LandscapeGrid grid = gridFromResult(plane.surface);
    grid.title =
        QObject::tr("%1 loss on the plane through %2, %3 and the %4 curve's middle bend")
            .arg(QString::fromStdString(plane.surface.settings.split),
                 QString::fromStdString(plane.memberA), QString::fromStdString(plane.memberB),
                 QString::fromUtf8(connectivity::pathKindName(plane.kind)));
    return grid;
}

QVector<PlanePath> curvePlanePaths(const connectivity::CurvePlaneResult& plane) {
    using connectivity::PathKind;
    using connectivity::pathKindName;
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
    return paths;
}

ContourOverlay contourOverlayOf(const QVector<PlanePath>& paths) {
    ContourOverlay overlay;
    for (const PlanePath& path : paths) {
        ContourPath line;
        line.name = path.name;
        line.colours = {path.colour};
        line.lineWidth = 2.0;
        for (qsizetype k = 0; k < path.x.size() && k < path.y.size(); ++k)
            line.points << QPointF(path.x[k], path.y[k]);
        overlay.paths << line;
    }
    return overlay;
}

void showCurvePlane(CurvePlaneView& view, const connectivity::CurvePlaneResult& plane) {
    view.setData(curvePlaneGrid(plane), curvePlanePaths(plane));
}

}  // namespace modescape::ui
