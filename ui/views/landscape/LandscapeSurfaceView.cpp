#include "ui/views/landscape/LandscapeSurfaceView.h"

#include <QMouseEvent>
#include <QVBoxLayout>

#include <vtkActor.h>
#include <vtkBandedPolyDataContourFilter.h>
#include <vtkBillboardTextActor3D.h>
#include <vtkCamera.h>
#include <vtkCellPicker.h>
#include <vtkContourFilter.h>
#include <vtkCornerAnnotation.h>
#include <vtkCubeAxesActor.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSphereSource.h>
#include <vtkStripper.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/SurfaceGeometry.h"

namespace modescape::ui {

namespace {

constexpr double kInk[3] = {0.12, 0.12, 0.12};
constexpr double kMarkerColor[3] = {0.85, 0.1, 0.1};

// Index of the coordinate nearest to v in an ascending list.
int nearestIndex(const QVector<double>& coords, double v) {
    int best = 0;
    for (int k = 1; k < coords.size(); ++k)
        if (std::abs(coords[k] - v) < std::abs(coords[best] - v))
            best = k;
    return best;
}

void styleText(vtkTextProperty* text, int size) {
    text->SetColor(kInk[0], kInk[1], kInk[2]);
    text->SetFontSize(size);
}

}  // namespace

LandscapeSurfaceView::LandscapeSurfaceView(Mode mode, QWidget* parent)
    : QWidget(parent), mode_(mode) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new VtkView(this);
    view_->setObjectName(mode == Mode::Surface ? "landscapeSurfaceView" : "landscapeContourView");
    view_->installEventFilter(this);
    layout->addWidget(view_);
    annotation_ = vtkSmartPointer<vtkCornerAnnotation>::New();
    styleText(annotation_->GetTextProperty(), 13);
    annotation_->SetMaximumFontSize(14);
    rebuildScene(true);
}

void LandscapeSurfaceView::setGrid(const LandscapeGrid& grid) {
    grid_ = grid;
    double key[4] = {grid.xs.value(0), grid.xs.isEmpty() ? 0 : grid.xs.back(), grid.ys.value(0),
                     grid.ys.isEmpty() ? 0 : grid.ys.back()};
    bool newExtent = !std::equal(key, key + 4, extentKey_);
    std::copy(key, key + 4, extentKey_);
    if (newExtent || grid.title != shownTitle_)
        pickedI_ = pickedJ_ = -1;  // a readout of another result would be wrong here
    shownTitle_ = grid.title;
    rebuildScene(newExtent);
}

void LandscapeSurfaceView::setStyle(const SurfaceStyle& style) {
    style_ = style;
    rebuildScene(false);
}

QString LandscapeSurfaceView::describePoint(int i, int j) const {
    return tr("alpha %1, beta %2: loss %3, accuracy %4%")
        .arg(grid_.xs.value(i), 0, 'g', 4)
        .arg(grid_.ys.value(j), 0, 'g', 4)
        .arg(grid_.lossAt(i, j), 0, 'g', 5)
        .arg(100.0 * grid_.accuracyAt(i, j), 0, 'f', 2);
}

void LandscapeSurfaceView::rebuildScene(bool resetCamera) {
    cameraPending_ = cameraPending_ || resetCamera;
    vtkRenderer* renderer = view_->renderer();
    renderer->RemoveAllViewProps();
    surfaceActor_ = nullptr;
    annotation_->SetText(vtkCornerAnnotation::UpperLeft, grid_.title.toUtf8().constData());
    annotation_->SetText(vtkCornerAnnotation::LowerLeft, readout().toUtf8().constData());
    renderer->AddViewProp(annotation_);

    SurfaceMapping mapping(grid_, style_);
    if (!mapping.valid() || grid_.isOneDimensional()) {
        annotation_->SetText(vtkCornerAnnotation::UpperRight,
                             grid_.xs.isEmpty() ? "No slice computed yet" : "Computing...");
        view_->requestRender();
        return;
    }
    const int total = grid_.nx() * grid_.ny(), done = grid_.computedPoints();
    annotation_->SetText(
        vtkCornerAnnotation::UpperRight,
        done < total ? QString("%1 of %2 points").arg(done).arg(total).toUtf8().constData() : "");

    auto surface = buildSurfacePolyData(grid_, mapping, mode_ == Mode::Contour);
    addSurface(surface, mapping);
    if (style_.isolineCount > 0)
        addIsolines(surface, mapping);
    if (style_.showMarkers)
        addMarkers(mapping);
    if (style_.showAxes)
        addAxes(mapping);
    if (style_.showScalarBar)
        addScalarBar(mapping);
    if (cameraPending_) {
        placeCamera(mapping);
        cameraPending_ = false;
    }
    view_->requestRender();
}

void LandscapeSurfaceView::addSurface(vtkPolyData* surface, const SurfaceMapping& mapping) {
    double range[2] = {mapping.minValue(), mapping.maxValue()};
    auto lut = makeLookupTable(style_.colormap, range);
    vtkNew<vtkPolyDataMapper> mapper;
    if (mode_ == Mode::Contour && style_.isolineCount > 0) {
        // Filled contours: one flat colour per band between iso-values.
        vtkNew<vtkBandedPolyDataContourFilter> bands;
        bands->SetInputData(surface);
        bands->GenerateValues(style_.isolineCount + 2, range);
        bands->SetScalarModeToValue();
        mapper->SetInputConnection(bands->GetOutputPort());
        mapper->SetScalarModeToUseCellData();
    } else {
        mapper->SetInputData(surface);
    }
    mapper->SetLookupTable(lut);
    mapper->SetScalarRange(range);
    mapper->SetResolveCoincidentTopologyToPolygonOffset();
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    actor->GetProperty()->SetInterpolationToGouraud();
    view_->renderer()->AddActor(actor);
    surfaceActor_ = actor;
}

void LandscapeSurfaceView::addIsolines(vtkPolyData* surface, const SurfaceMapping& mapping) {
    vtkNew<vtkContourFilter> contours;
    contours->SetInputData(surface);
    // The interior boundaries of the contour map's bands (isolineCount + 1 bands).
    const double step = (mapping.maxValue() - mapping.minValue()) / (style_.isolineCount + 1);
    contours->GenerateValues(style_.isolineCount, mapping.minValue() + step,
                             mapping.maxValue() - step);
    contours->ComputeScalarsOn();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(contours->GetOutputPort());
    mapper->ScalarVisibilityOff();
    mapper->SetResolveCoincidentTopologyToPolygonOffset();
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
    actor->GetProperty()->SetLineWidth(1.2f);
    if (mode_ == Mode::Contour) {
        // Just above the flat bands (the camera looks down z), which would
        // otherwise hide the lines they coincide with.
        const double lift =
            1e-3 * std::max(grid_.xs.back() - grid_.xs.front(), grid_.ys.back() - grid_.ys.front());
        actor->SetPosition(0.0, 0.0, lift);
        addIsolineLabels(contours, lift);
    }
    view_->renderer()->AddActor(actor);
}

// One label per iso-value, at the middle of its longest line. (VTK's
// vtkLabeledContourMapper masks its lines with the stencil buffer, which the
// offscreen framebuffer lacks: its lines vanished from --png images.)
void LandscapeSurfaceView::addIsolineLabels(vtkContourFilter* contours, double lift) {
    vtkNew<vtkStripper> strips;
    strips->SetInputConnection(contours->GetOutputPort());
    strips->Update();
    vtkPolyData* lines = strips->GetOutput();
    vtkDataArray* values = lines->GetPointData()->GetScalars();
    if (!values)
        return;
    std::map<double, std::pair<vtkIdType, vtkIdType>>
        longestPerValue;  // value -> (length, mid point)
    vtkIdType count = 0;
    const vtkIdType* ids = nullptr;
    auto cells = lines->GetLines();
    for (cells->InitTraversal(); cells->GetNextCell(count, ids);) {
        if (count < 8)
            continue;  // tiny closed loops: no room for a label
        const vtkIdType middle = ids[count / 2];
        auto& best = longestPerValue[values->GetTuple1(middle)];
        if (count > best.first)
            best = {count, middle};
    }
    for (const auto& [value, best] : longestPerValue) {
        double p[3];
        lines->GetPoint(best.second, p);
        vtkNew<vtkBillboardTextActor3D> label;
        label->SetInput(QString::number(value, 'g', 3).toUtf8().constData());
        label->SetPosition(p[0], p[1], p[2] + 2 * lift);
        styleText(label->GetTextProperty(), 11);
        label->GetTextProperty()->SetJustificationToCentered();
        label->GetTextProperty()->SetVerticalJustificationToCentered();
        view_->renderer()->AddViewProp(label);
    }
}

void LandscapeSurfaceView::addMarkers(const SurfaceMapping& mapping) {
    const double extent =
        std::max(grid_.xs.back() - grid_.xs.front(), grid_.ys.back() - grid_.ys.front());
    for (const auto& marker : grid_.markers) {
        double loss = interpolatedLoss(grid_, marker.x, marker.y);
        if (!std::isfinite(loss))
            continue;  // outside the slice, or not computed yet
        double z = mode_ == Mode::Surface ? mapping.height(loss) : 0.0;
        vtkNew<vtkSphereSource> sphere;
        sphere->SetCenter(marker.x, marker.y, z);
        sphere->SetRadius(0.018 * extent);
        sphere->SetThetaResolution(16);
        sphere->SetPhiResolution(12);
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(sphere->GetOutputPort());
        vtkNew<vtkActor> dot;
        dot->SetMapper(mapper);
        dot->GetProperty()->SetColor(kMarkerColor[0], kMarkerColor[1], kMarkerColor[2]);
        view_->renderer()->AddActor(dot);

        vtkNew<vtkBillboardTextActor3D> label;
        label->SetInput(marker.name.toUtf8().constData());
        label->SetPosition(marker.x, marker.y, z + 0.04 * extent);
        styleText(label->GetTextProperty(), 13);
        label->GetTextProperty()->SetBold(true);
        label->GetTextProperty()->SetJustificationToCentered();
        view_->renderer()->AddViewProp(label);
    }
}

void LandscapeSurfaceView::addAxes(const SurfaceMapping& mapping) {
    vtkNew<vtkCubeAxesActor> axes;
    double bounds[6] = {
        grid_.xs.front(), grid_.xs.back(), grid_.ys.front(), grid_.ys.back(), 0.0, 0.0};
    if (mode_ == Mode::Surface) {
        // The z axis is labelled in loss units although the geometry is in heights.
        bounds[5] = mapping.heightOfValue(mapping.maxValue());
        axes->SetZAxisRange(mapping.minValue(), mapping.maxValue());
        axes->SetZTitle(style_.logScale ? "log10 loss" : "loss");
    } else {
        axes->ZAxisVisibilityOff();
        axes->ZAxisLabelVisibilityOff();
        axes->ZAxisTickVisibilityOff();
        axes->SetZTitle("");
    }
    axes->SetBounds(bounds);
    axes->SetCamera(view_->renderer()->GetActiveCamera());
    axes->SetXTitle("alpha");
    axes->SetYTitle("beta");
    axes->SetFlyModeToOuterEdges();
    axes->SetGridLineLocation(vtkCubeAxesActor::VTK_GRID_LINES_FURTHEST);
    for (int axis = 0; axis < 3; ++axis) {
        styleText(axes->GetTitleTextProperty(axis), 14);
        styleText(axes->GetLabelTextProperty(axis), 12);
    }
    axes->GetXAxesLinesProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
    axes->GetYAxesLinesProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
    axes->GetZAxesLinesProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
    view_->renderer()->AddActor(axes);
}

void LandscapeSurfaceView::addScalarBar(const SurfaceMapping& mapping) {
    const double range[2] = {mapping.minValue(), mapping.maxValue()};
    vtkNew<vtkScalarBarActor> bar;
    bar->SetLookupTable(makeLookupTable(style_.colormap, range));
    bar->SetTitle(style_.logScale ? "log10 loss" : "loss");
    bar->SetNumberOfLabels(5);
    bar->SetWidth(0.08);
    bar->SetHeight(0.6);
    bar->SetPosition(0.9, 0.2);
    styleText(bar->GetTitleTextProperty(), 13);
    styleText(bar->GetLabelTextProperty(), 12);
    view_->renderer()->AddViewProp(bar);
}

void LandscapeSurfaceView::placeCamera(const SurfaceMapping& mapping) {
    vtkCamera* camera = view_->renderer()->GetActiveCamera();
    if (mode_ == Mode::Surface) {
        camera->ParallelProjectionOff();
        camera->SetFocalPoint(0, 0, 0);
        camera->SetPosition(0.4, -3.0, 2.4);  // three-quarter view from the front, z up
        camera->SetViewUp(0, 0, 1);
    } else {
        camera->ParallelProjectionOn();
        camera->SetFocalPoint(0, 0, 0);
        camera->SetPosition(0, 0, 1);  // straight down on the plane
        camera->SetViewUp(0, 1, 0);
    }
    // The bounds of the whole slice, not of what is drawn so far: the first
    // rows alone (or a marker sphere alone) would fill the view.
    double bounds[6] = {
        grid_.xs.front(), grid_.xs.back(), grid_.ys.front(), grid_.ys.back(), 0.0, 0.0};
    if (mode_ == Mode::Surface)
        bounds[5] = mapping.heightOfValue(mapping.maxValue());
    view_->renderer()->ResetCamera(bounds);
}

bool LandscapeSurfaceView::eventFilter(QObject* watched, QEvent* event) {
    if (watched == view_) {
        if (event->type() == QEvent::MouseButtonPress) {
            auto* mouse = static_cast<QMouseEvent*>(event);
            if (mouse->button() == Qt::LeftButton)
                pressPosition_ = mouse->position().toPoint();
        } else if (event->type() == QEvent::MouseButtonRelease) {
            auto* mouse = static_cast<QMouseEvent*>(event);
            // A click, not the end of a rotation.
            if (mouse->button() == Qt::LeftButton &&
                (mouse->position().toPoint() - pressPosition_).manhattanLength() < 4)
                pickAt(mouse->position().toPoint());
        }
    }
    return QWidget::eventFilter(watched, event);
}

void LandscapeSurfaceView::pickAt(const QPoint& widgetPosition) {
    if (!surfaceActor_)
        return;
    const double ratio = view_->devicePixelRatioF();
    vtkNew<vtkCellPicker> picker;
    picker->SetTolerance(0.002);
    picker->PickFromListOn();
    picker->AddPickList(surfaceActor_);
    if (!picker->Pick(widgetPosition.x() * ratio, (view_->height() - widgetPosition.y()) * ratio, 0,
                      view_->renderer()))
        return;
    double p[3];
    picker->GetPickPosition(p);
    int i = nearestIndex(grid_.xs, p[0]), j = nearestIndex(grid_.ys, p[1]);
    pickGridPoint(i, j);
    Q_EMIT pointPicked(i, j, grid_.xs[i], grid_.ys[j], grid_.lossAt(i, j), grid_.accuracyAt(i, j));
}

void LandscapeSurfaceView::pickGridPoint(int i, int j) {
    pickedI_ = i;
    pickedJ_ = j;
    annotation_->SetText(vtkCornerAnnotation::LowerLeft, readout().toUtf8().constData());
    view_->requestRender();
}

QString LandscapeSurfaceView::readout() const {
    if (pickedI_ < 0 || pickedI_ >= grid_.nx() || pickedJ_ < 0 || pickedJ_ >= grid_.ny())
        return {};
    return describePoint(pickedI_, pickedJ_);
}

QImage LandscapeSurfaceView::grabFigure(double scale, bool transparentBackground,
                                        bool withReadout) {
    if (withReadout)
        return view_->grabScene(scale, transparentBackground);
    annotation_->SetText(vtkCornerAnnotation::LowerLeft, "");
    QImage image = view_->grabScene(scale, transparentBackground);
    annotation_->SetText(vtkCornerAnnotation::LowerLeft, readout().toUtf8().constData());
    view_->requestRender();
    return image;
}

}  // namespace modescape::ui
