#include "ui/views/trajectory/TrajectoryOverlay.h"

#include <QObject>
#include <QVector>

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkCallbackCommand.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkDoubleArray.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSphereSource.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkTubeFilter.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "core/common/JoinText.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/LandscapeGrid.h"
#include "ui/views/landscape/LandscapeSurfaceView.h"
#include "ui/views/landscape/SurfaceGeometry.h"

namespace modescape::ui {
namespace {

// Diverging blue (early) to red (late): apart from the surface's sequential
// maps, so a path never blends into the surface under it.
constexpr Colormap kEpochColours = Colormap::Coolwarm;

// How much a member's ball grows with its projection error: radius
// r0 * (1 + kErrorGrowth * error), so 0% error is r0 and 50% is 2.5 r0.
constexpr double kErrorGrowth = 3.0;

QString percent(double share) {
    return QString::number(100.0 * share, 'f', share < 0.001 ? 2 : 1) + "%";
}

}  // namespace

QString trajectoryLegend(const trajectory::TrajectoryResult& r) {
    QStringList lines;
    lines << QObject::tr("Explained variance of the plane: %1 (PCA 1 %2, PCA 2 %3)")
                 .arg(percent(r.explainedVariance),
                      percent(r.componentVariance.empty() ? 0.0 : r.componentVariance[0]),
                      percent(r.componentVariance.size() < 2 ? 0.0 : r.componentVariance[1]));
    double lo = 0.0, hi = 0.0;
    bool any = false;
    for (const auto& p : r.path) {
        if (p.distance <= 0)
            continue;  // the centre: no displacement, no error
        lo = any ? std::min(lo, p.projectionError) : p.projectionError;
        hi = any ? std::max(hi, p.projectionError) : p.projectionError;
        any = true;
    }
    lines << QObject::tr("Ball size: projection error (share off the plane), %1 to %2")
                 .arg(percent(lo), percent(hi));
    if (!r.scatter.empty()) {
        std::vector<std::string> groups;
        for (const auto& p : r.scatter)
            if (std::find(groups.begin(), groups.end(), p.group) == groups.end())
                groups.push_back(p.group);
        lines << QObject::tr("White points: %1 (projected)")
                     .arg(QString::fromStdString(joinText(groups)));
    }
    return lines.join('\n');
}

TrajectoryOverlay::TrajectoryOverlay() = default;

TrajectoryOverlay::~TrajectoryOverlay() {
    detach();
}

void TrajectoryOverlay::detach() {
    if (renderer_) {
        if (observer_)
            renderer_->RemoveObserver(observer_);
        for (const auto& a : actors_)
            renderer_->RemoveActor(a);
        for (const auto& a : overlays_)
            renderer_->RemoveViewProp(a);
    }
    actors_.clear();
    overlays_.clear();
    lines_.clear();
    scatter_ = nullptr;
    renderer_ = nullptr;
    observer_ = 0;
}

vtkPolyData* TrajectoryOverlay::scatterPoints() const {
    return scatter_;
}

double TrajectoryOverlay::markerRadius(double projectionError) const {
    return baseRadius_ * (1.0 + kErrorGrowth * std::clamp(projectionError, 0.0, 1.0));
}

void TrajectoryOverlay::attach(LandscapeSurfaceView& view, const LandscapeGrid& grid,
                               const trajectory::TrajectoryResult& result, int shown) {
    detach();
    view_ = &view;
    renderer_ = view.vtkView()->renderer();
    if (grid.xs.size() < 2 || grid.ys.size() < 2)
        return;
    const double extent =
        std::max(grid.xs.back() - grid.xs.front(), grid.ys.back() - grid.ys.front());
    baseRadius_ = 0.006 * extent;
    lift_ = baseRadius_;
    const SurfaceMapping mapping(grid, view.style());
    const Height height = [&](double x, double y) {
        const double loss = interpolatedLoss(grid, x, y);
        // Uncomputed (a surface filling in) or outside: on the plane.
        const double z = !mapping.valid() || !std::isfinite(loss) ? 0.0 : mapping.height(loss);
        return z + lift_;
    };
    const auto [lo, hi] = result.epochRange();
    const double range[2] = {lo, hi > lo ? hi : lo + 1.0};
    epochColours_ = makeLookupTable(kEpochColours, range);
    for (const auto& group : result.groups)
        addPath(result.pathOf(group), shown, height);
    addScatter(result.scatter, height);
    addEpochBar(result);
    addLegend(result);
    // The landscape's labels keep off the paths.
    QVector<QVector<std::array<double, 3>>> obstacles;
    for (const auto& line : lines_) {
        obstacles.push_back({});
        for (vtkIdType i = 0; i < line->GetNumberOfPoints(); ++i) {
            std::array<double, 3> p;
            line->GetPoint(i, p.data());
            obstacles.back().push_back(p);
        }
    }
    view.setLabelObstacles(obstacles, markerRadius(0.5));
    // Text sized for each render's size, as the landscape's own (1 at 800 x 600).
    vtkNew<vtkCallbackCommand> resize;
    resize->SetClientData(this);
    resize->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
        static_cast<TrajectoryOverlay*>(self)->sizeText();
    });
    observer_ = renderer_->AddObserver(vtkCommand::StartEvent, resize);
    view.vtkView()->requestRender();
}

void TrajectoryOverlay::addPath(const std::vector<trajectory::TrajectoryPoint>& points, int shown,
                                const Height& height) {
    const int count =
        shown < 0 ? int(points.size()) : std::min<int>(shown, static_cast<int>(points.size()));
    vtkNew<vtkPoints> vertices;
    vtkNew<vtkDoubleArray> epochs;
    epochs->SetName("epoch");
    for (int i = 0; i < count; ++i) {
        const auto& p = points[std::size_t(i)];
        vertices->InsertNextPoint(p.alpha, p.beta, height(p.alpha, p.beta));
        epochs->InsertNextValue(p.epochOrIndex());
    }
    auto line = vtkSmartPointer<vtkPolyData>::New();
    line->SetPoints(vertices);
    line->GetPointData()->SetScalars(epochs);
    if (count >= 2) {
        vtkNew<vtkCellArray> cells;
        cells->InsertNextCell(count);
        for (int i = 0; i < count; ++i)
            cells->InsertCellPoint(i);
        line->SetLines(cells);
    }
    lines_.push_back(line);
    if (count >= 2) {
        vtkNew<vtkTubeFilter> tube;
        tube->SetInputData(line);
        tube->SetRadius(0.45 * baseRadius_);
        tube->SetNumberOfSides(10);
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(tube->GetOutputPort());
        mapper->SetLookupTable(epochColours_);
        mapper->UseLookupTableScalarRangeOn();
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        renderer_->AddActor(actor);
        actors_.push_back(actor);
    }
    // One ball per member, its size the projection error, its colour the epoch.
    for (int i = 0; i < count; ++i) {
        const auto& p = points[std::size_t(i)];
        double xyz[3];
        vertices->GetPoint(i, xyz);
        vtkNew<vtkSphereSource> ball;
        ball->SetCenter(xyz);
        ball->SetRadius(markerRadius(p.projectionError));
        ball->SetThetaResolution(14);
        ball->SetPhiResolution(10);
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(ball->GetOutputPort());
        mapper->ScalarVisibilityOff();
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper);
        double rgb[3];
        epochColours_->GetColor(p.epochOrIndex(), rgb);
        actor->GetProperty()->SetColor(rgb);
        renderer_->AddActor(actor);
        actors_.push_back(actor);
    }
}

void TrajectoryOverlay::addScatter(const std::vector<trajectory::TrajectoryPoint>& points,
                                   const Height& height) {
    vtkNew<vtkPoints> vertices;
    vtkNew<vtkCellArray> cells;
    for (const auto& p : points) {
        const vtkIdType id = vertices->InsertNextPoint(p.alpha, p.beta, height(p.alpha, p.beta));
        cells->InsertNextCell(1, &id);
    }
    scatter_ = vtkSmartPointer<vtkPolyData>::New();
    scatter_->SetPoints(vertices);
    scatter_->SetVerts(cells);
    if (points.empty())
        return;
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(scatter_);
    auto actor = vtkSmartPointer<vtkActor>::New();
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(1.0, 1.0, 1.0);
    actor->GetProperty()->SetPointSize(7.0f);
    actor->GetProperty()->RenderPointsAsSpheresOn();
    renderer_->AddActor(actor);
    actors_.push_back(actor);
}

void TrajectoryOverlay::sizeText() {
    if (!renderer_)
        return;
    const int* size = renderer_->GetSize();
    const double scale = std::max(0.85, std::min(size[0] / 800.0, size[1] / 600.0));
    for (const auto& prop : overlays_) {
        if (auto* bar = vtkScalarBarActor::SafeDownCast(prop)) {
            bar->GetTitleTextProperty()->SetFontSize(int(std::lround(14 * scale)));
            bar->GetLabelTextProperty()->SetFontSize(int(std::lround(13 * scale)));
        } else if (auto* text = vtkTextActor::SafeDownCast(prop)) {
            text->GetTextProperty()->SetFontSize(int(std::lround(14 * scale)));
        }
    }
}

void TrajectoryOverlay::addEpochBar(const trajectory::TrajectoryResult& result) {
    const bool hasEpochs = std::any_of(result.path.begin(), result.path.end(),
                                       [](const auto& p) { return !std::isnan(p.epoch); });
    auto bar = vtkSmartPointer<vtkScalarBarActor>::New();
    bar->SetLookupTable(epochColours_);
    bar->SetTitle(hasEpochs ? "epoch" : "member order");
    bar->SetOrientationToHorizontal();
    bar->SetNumberOfLabels(5);
    bar->SetLabelFormat("%.0f");
    bar->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    bar->GetPositionCoordinate()->SetValue(0.03, 0.01);
    bar->SetWidth(0.32);
    bar->SetHeight(0.13);
    for (vtkTextProperty* text : {bar->GetTitleTextProperty(), bar->GetLabelTextProperty()}) {
        text->SetColor(0.1, 0.1, 0.1);
        text->BoldOff();
        text->ItalicOff();
        text->ShadowOff();
    }
    bar->UnconstrainedFontSizeOn();
    renderer_->AddViewProp(bar);
    overlays_.push_back(bar);
}

void TrajectoryOverlay::addLegend(const trajectory::TrajectoryResult& result) {
    legend_ = trajectoryLegend(result);
    auto text = vtkSmartPointer<vtkTextActor>::New();
    text->SetInput(legend_.toUtf8().constData());
    text->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    // Top left, under the title: the one corner neither the surface's axes
    // nor its colour bar use.
    text->GetPositionCoordinate()->SetValue(0.02, 0.92);
    vtkTextProperty* property = text->GetTextProperty();
    property->SetColor(0.1, 0.1, 0.1);
    property->SetJustificationToLeft();
    property->SetVerticalJustificationToTop();
    renderer_->AddViewProp(text);
    overlays_.push_back(text);
}

}  // namespace modescape::ui
