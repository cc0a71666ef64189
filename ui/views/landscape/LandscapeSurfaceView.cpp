#include "ui/views/landscape/LandscapeSurfaceView.h"

#include <QMouseEvent>
#include <QVBoxLayout>

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellPicker.h>
#include <vtkContourFilter.h>
#include <vtkCornerAnnotation.h>
#include <vtkCubeAxesActor.h>
#include <vtkDoubleArray.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSphereSource.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkTextRenderer.h>

#include <algorithm>
#include <cmath>

#include "ui/rendering/FigureTitles.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/landscape/ColourBarTicks.h"
#include "ui/views/landscape/FigureCubeAxes.h"
#include "ui/views/landscape/FigureText.h"
#include "ui/views/landscape/LabelPlacement.h"
#include "ui/views/landscape/SceneLayout.h"
#include "ui/views/landscape/SurfaceGeometry.h"

namespace modescape::ui {

namespace {

constexpr double kInk[3] = {0.1, 0.1, 0.1};
constexpr double kMarkerColor[3] = {0.85, 0.1, 0.1};

// Index of the coordinate nearest to v in an ascending list.
int nearestIndex(const QVector<double>& coords, double v) {
    int best = 0;
    for (int k = 1; k < coords.size(); ++k)
        if (std::abs(coords[k] - v) < std::abs(coords[best] - v))
            best = k;
    return best;
}

// A label on a light, nearly opaque box: readable on any colour of the
// colour map (dark text on the dark end was unreadable before).
vtkSmartPointer<vtkTextActor> makeLabel(const QString& text, double boxOpacity) {
    auto label = vtkSmartPointer<vtkTextActor>::New();
    // A space each side: the box reaches a little beyond the glyphs.
    label->SetInput((" " + text + " ").toUtf8().constData());
    vtkTextProperty* style = label->GetTextProperty();
    styleFigureText(style, 12);
    style->SetJustificationToLeft();
    style->SetVerticalJustificationToBottom();
    style->SetBackgroundColor(1.0, 1.0, 1.0);
    style->SetBackgroundOpacity(boxOpacity);
    label->SetVisibility(false);  // until placed
    return label;
}

// The size in pixels of a text actor's text at its current font.
QSizeF textSize(vtkTextActor* actor, int dpi) {
    int box[4] = {0, 0, 0, 0};
    vtkTextRenderer* renderer = vtkTextRenderer::GetInstance();
    if (!renderer ||
        !renderer->GetBoundingBox(actor->GetTextProperty(), actor->GetInput(), box, dpi))
        return {};
    return QSizeF(box[1] - box[0] + 1, box[3] - box[2] + 1);
}

QPointF toDisplay(vtkRenderer* renderer, const std::array<double, 3>& world) {
    renderer->SetWorldPoint(world[0], world[1], world[2], 1.0);
    renderer->WorldToDisplay();
    double d[3];
    renderer->GetDisplayPoint(d);
    return {d[0], d[1]};
}

// Boxes covering a world polyline `radius` thick as drawn on the display: a
// square of the tube's half-width (at least 2 px, plus a pixel of its
// antialiased edge) every half-width along it.
QVector<QRectF> boxesAlong(vtkRenderer* renderer, const QVector<std::array<double, 3>>& line,
                           double radius) {
    QVector<QRectF> boxes;
    QPointF previous;
    for (int k = 0; k < line.size(); ++k) {
        const auto& p = line[k];
        const QPointF at = toDisplay(renderer, p);
        double half = 2.0;
        for (int axis = 0; axis < 3; ++axis) {
            std::array<double, 3> q = p;
            q[std::size_t(axis)] += radius;
            const QPointF d = toDisplay(renderer, q) - at;
            half = std::max(half, std::hypot(d.x(), d.y()));
        }
        half += 1.0;
        const QPointF from = k == 0 ? at : previous;
        const int steps =
            std::max(1, int(std::ceil(std::hypot(at.x() - from.x(), at.y() - from.y()) / half)));
        for (int s = 1; s <= steps; ++s) {
            const QPointF c = from + (at - from) * (double(s) / steps);
            boxes.push_back(QRectF(c.x() - half, c.y() - half, 2 * half, 2 * half));
        }
        previous = at;
    }
    return boxes;
}

}  // namespace

LandscapeSurfaceView::LandscapeSurfaceView(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new VtkView(this);
    view_->setObjectName("landscapeSurfaceView");
    view_->installEventFilter(this);
    layout->addWidget(view_);
    annotation_ = vtkSmartPointer<vtkCornerAnnotation>::New();
    styleFigureText(annotation_->GetTextProperty(), 13);
    annotation_->SetMaximumFontSize(14);
    title_ = vtkSmartPointer<vtkTextActor>::New();
    title_->GetTextProperty()->SetJustificationToCentered();
    title_->GetTextProperty()->SetVerticalJustificationToTop();
    renderHook_ = vtkSmartPointer<vtkCallbackCommand>::New();
    renderHook_->SetCallback(&LandscapeSurfaceView::beforeRender);
    renderHook_->SetClientData(this);
    view_->renderer()->AddObserver(vtkCommand::StartEvent, renderHook_);
    rebuildScene(true);
}

LandscapeSurfaceView::~LandscapeSurfaceView() {
    view_->renderer()->RemoveObserver(renderHook_);
}

vtkTextActor* LandscapeSurfaceView::titleActor() const {
    return title_;
}

vtkCubeAxesActor* LandscapeSurfaceView::axesActor() const {
    return axes_;
}

vtkScalarBarActor* LandscapeSurfaceView::scalarBarActor() const {
    return scalarBar_;
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
    axes_ = nullptr;
    scalarBar_ = nullptr;
    memberLabels_.clear();
    placed_.clear();
    annotation_->SetText(vtkCornerAnnotation::LowerLeft, readout().toUtf8().constData());
    renderer->AddViewProp(annotation_);
    title_->SetInput(grid_.title.toUtf8().constData());
    renderer->AddViewProp(title_);

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

    double bounds[6] = {grid_.xs.front(),
                        grid_.xs.back(),
                        grid_.ys.front(),
                        grid_.ys.back(),
                        0.0,
                        mapping.heightOfValue(mapping.maxValue())};
    std::copy(bounds, bounds + 6, sliceBounds_);

    auto surface = buildSurfacePolyData(grid_, mapping, false);
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
    mapper->SetInputData(surface);
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
    view_->renderer()->AddActor(actor);
}

void LandscapeSurfaceView::addMarkers(const SurfaceMapping& mapping) {
    const double extent =
        std::max(grid_.xs.back() - grid_.xs.front(), grid_.ys.back() - grid_.ys.front());
    for (const auto& marker : grid_.markers) {
        double loss = interpolatedLoss(grid_, marker.x, marker.y);
        if (!std::isfinite(loss))
            continue;  // outside the slice, or not computed yet
        const double z = mapping.height(loss);
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

        MemberLabel label{makeLabel(marker.name, 0.9), {marker.x, marker.y, z}};
        label.actor->GetTextProperty()->SetBold(true);
        view_->renderer()->AddViewProp(label.actor);
        memberLabels_.push_back(std::move(label));
    }
}

void LandscapeSurfaceView::addAxes(const SurfaceMapping& mapping) {
    vtkNew<FigureCubeAxes> axes;
    double bounds[6];
    std::copy(sliceBounds_, sliceBounds_ + 6, bounds);
    // The z axis is labelled in loss units although the geometry is in
    // heights; its title is the colour bar's ("loss"), since a vertical
    // title on a receding axis is drawn upside down.
    axes->SetZAxisRange(mapping.minValue(), mapping.maxValue());
    // With the colour bar there, its numbers give the loss; the height
    // axis's own (8 in a short receding line) only crowded the corner.
    axes->SetZAxisLabelVisibility(!style_.showScalarBar);
    axes->SetZTitle("");
    axes->SetBounds(bounds);
    axes->SetCamera(view_->renderer()->GetActiveCamera());
    // Titles name the directions: "α (PCA 1)", "β: toward swag-03".
    const auto title = [](const QString& given, const char* word) {
        return given.isEmpty() ? QByteArray(word) : given.toUtf8();
    };
    axes->SetXTitle(title(grid_.xTitle, alphaWord()).constData());
    axes->SetYTitle(title(grid_.yTitle, betaWord()).constData());
    // Screen-space text (FreeType), not polygons: sized in pixels like the
    // rest of the figure, and able to draw α and β.
    axes->SetUse2DMode(1);
    // Plain numbers ("0.5", "1.2e+03"), no separate "(x10^3)" exponent label.
    axes->SetLabelScaling(false, 0, 0, 0);
    axes->SetXLabelFormat("%.3g");
    axes->SetYLabelFormat("%.3g");
    axes->SetZLabelFormat("%.3g");
    axes->SetFlyModeToOuterEdges();
    axes->SetGridLineLocation(vtkCubeAxesActor::VTK_GRID_LINES_FURTHEST);
    axes->GetXAxesLinesProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
    axes->GetYAxesLinesProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
    axes->GetZAxesLinesProperty()->SetColor(kInk[0], kInk[1], kInk[2]);
    view_->renderer()->AddActor(axes);
    axes_ = axes;
}

void LandscapeSurfaceView::addScalarBar(const SurfaceMapping& mapping) {
    const double range[2] = {mapping.minValue(), mapping.maxValue()};
    vtkNew<vtkScalarBarActor> bar;
    bar->SetLookupTable(makeLookupTable(style_.colormap, range));
    bar->SetTitle(style_.logScale ? "log10 loss" : "loss");
    // Fonts at the sizes set before each render, not stretched to the box
    // (which made "loss" huge over tiny numbers).
    bar->UnconstrainedFontSizeOn();
    view_->renderer()->AddViewProp(bar);
    scalarBar_ = bar;
}

void LandscapeSurfaceView::placeCamera(const SurfaceMapping&) {
    vtkCamera* camera = view_->renderer()->GetActiveCamera();
    camera->ParallelProjectionOff();
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(0.4, -3.0, 2.4);  // three-quarter view from the front, z up
    camera->SetViewUp(0, 0, 1);
    camera->SetViewAngle(30.0);
    // The bounds of the whole slice, not of what is drawn so far: the first
    // rows alone (or a marker sphere alone) would fill the view.
    view_->renderer()->ResetCamera(sliceBounds_);
    framePending_ = true;
}

void LandscapeSurfaceView::beforeRender(vtkObject*, unsigned long, void* self, void*) {
    static_cast<LandscapeSurfaceView*>(self)->layoutForRender();
}

void LandscapeSurfaceView::layoutForRender() {
    vtkRenderer* renderer = view_->renderer();
    const int* size = renderer->GetSize();
    if (size[0] < 2 || size[1] < 2)
        return;
    const FigureFonts fonts = figureFonts(textPixels());
    FigureParts parts;
    // `render --no-title` or an export without title: hidden, its room the plot's.
    parts.title = !grid_.title.isEmpty() && figureTitlesShown();
    title_->SetVisibility(parts.title);
    parts.axes = axes_ != nullptr;
    parts.scalarBar = scalarBar_ != nullptr;
    parts.perspective = true;
    const FigureLayout layout = layoutFigure(QSize(size[0], size[1]), fonts, parts);

    styleFigureText(title_->GetTextProperty(), fonts.title);
    title_->SetDisplayPosition(size[0] / 2, size[1] - static_cast<int>(6 * fonts.scale));
    annotation_->SetMaximumFontSize(fonts.tick);
    if (axes_) {
        for (int axis = 0; axis < 3; ++axis) {
            styleFigureText(axes_->GetTitleTextProperty(axis), fonts.axisTitle);
            styleFigureText(axes_->GetLabelTextProperty(axis), fonts.tick);
        }
        // Offsets of the tick numbers and titles from the axis line, in pixels.
        axes_->SetLabelOffset(0.9 * fonts.tick);
        axes_->SetTitleOffset(1.4 * fonts.axisTitle);
        // In VTK's 2-D text mode a title is centred this far from its axis's
        // middle: past the tick numbers (a line high below the x axis, about
        // "-0.75" wide left of the y axis) and half the title.
        static_cast<FigureCubeAxes*>(axes_.Get())
            ->setTitleOffsets2D(0.9 * fonts.tick + 1.3 * fonts.tick + 0.7 * fonts.axisTitle,
                                0.9 * fonts.tick + 2.6 * fonts.tick + 0.7 * fonts.axisTitle);
    }

    // Frame the slice when it was just placed, or when the render size
    // changed and the user has not moved the camera since it was framed.
    vtkCamera* camera = renderer->GetActiveCamera();
    // A title shown or left out changes the plot area as a new size does.
    const bool resized =
        size[0] != framedSize_[0] || size[1] != framedSize_[1] || parts.title != framedWithTitle_;
    if (sliceBounds_[1] > sliceBounds_[0] &&
        (framePending_ || (resized && camera->GetMTime() == framedCameraTime_))) {
        const double inset = 4.0 * fonts.scale;
        frameBounds(renderer, sliceBounds_, layout.plot.adjusted(inset, inset, -inset, -inset));
        barLeft_ = -1;
        if (scalarBar_) {
            // A slice narrower than the plot area (its true aspect) leaves
            // room on the right: the colour bar comes next to it and the two
            // are centred together, instead of a wide empty band between them.
            // The surface itself, not its bounding box: a box corner high
            // above a low edge would leave the gap this is meant to close.
            vtkPolyData* surface =
                surfaceActor_ ? vtkPolyData::SafeDownCast(surfaceActor_->GetMapper()->GetInput())
                              : nullptr;
            const QRectF drawn = parts.perspective && surface
                                     ? projectedPoints(renderer, surface->GetPoints())
                                     : projectedBounds(renderer, sliceBounds_);
            const double gap = 1.5 * fonts.tick;
            const double spare = layout.scalarBar.x() - (drawn.right() + gap);
            if (spare > 0) {
                panPicture(renderer, spare / 2, 0);
                barLeft_ = drawn.right() + gap + spare / 2;
            }
        }
        renderer->ResetCameraClippingRange(sliceBounds_);
        framePending_ = false;
        framedSize_[0] = size[0];
        framedWithTitle_ = parts.title;
        framedSize_[1] = size[1];
        framedCameraTime_ = camera->GetMTime();
    }
    if (scalarBar_) {
        QRectF box = layout.scalarBar;
        if (barLeft_ >= 0 && size[0] == framedSize_[0] && size[1] == framedSize_[1])
            box.moveLeft(barLeft_);
        styleFigureText(scalarBar_->GetTitleTextProperty(), fonts.axisTitle);
        styleFigureText(scalarBar_->GetLabelTextProperty(), fonts.tick);
        scalarBar_->SetPosition(box.x() / size[0], box.y() / size[1]);
        scalarBar_->SetPosition2(box.width() / size[0], box.height() / size[1]);
        scalarBar_->SetBarRatio(1.4 * fonts.tick / box.width());
        scalarBar_->SetTextPad(static_cast<int>(4 * fonts.scale));
        // Nice numbers, as many as the bar's length has room for.
        const double* range = scalarBar_->GetLookupTable()->GetRange();
        const ColourBarTicks ticks =
            colourBarTicks(range[0], range[1], box.height() - 1.8 * fonts.axisTitle, fonts.tick);
        vtkNew<vtkDoubleArray> labels;
        for (double value : ticks.values)
            labels->InsertNextValue(value);
        scalarBar_->SetCustomLabels(labels);
        scalarBar_->SetUseCustomLabels(true);
        scalarBar_->SetLabelFormat(ticks.format.c_str());
    }
    // Labels stay in the plot area.
    placeScreenLabels(layout.plot, fonts);
}

void LandscapeSurfaceView::setLabelObstacles(const QVector<QVector<std::array<double, 3>>>& lines,
                                             double radius) {
    obstacleLines_ = lines;
    obstacleRadius_ = radius;
    view_->requestRender();
}

void LandscapeSurfaceView::placeScreenLabels(const QRectF& plot, const FigureFonts& fonts) {
    vtkRenderer* renderer = view_->renderer();
    const int dpi = renderer->GetRenderWindow() ? renderer->GetRenderWindow()->GetDPI() : 72;
    const double gap = 3.0 * fonts.scale;
    const double dot = 7.0 * fonts.scale;  // a marker's half-size on the screen, about

    // Member labels (each a required request).
    QVector<LabelRequest> ordered;
    QVector<QRectF> obstacles;
    QVector<vtkTextActor*> actors;
    QVector<bool> isMember;
    for (const MemberLabel& label : memberLabels_) {
        styleFigureText(label.actor->GetTextProperty(), fonts.memberLabel);
        label.actor->GetTextProperty()->SetBold(true);
        const QSizeF text = textSize(label.actor, dpi);
        const QPointF at = toDisplay(renderer, label.position);
        obstacles.push_back(QRectF(at.x() - dot, at.y() - dot, 2 * dot, 2 * dot));
        const double w = text.width(), h = text.height();
        LabelRequest request;
        request.required = true;  // every member keeps its name
        const QRectF above(at.x() - w / 2, at.y() + dot + gap, w, h);
        const QRectF below(at.x() - w / 2, at.y() - dot - gap - h, w, h);
        const QRectF aboveRight(at.x() + dot, at.y() + dot, w, h);
        const QRectF aboveLeft(at.x() - dot - w, at.y() + dot, w, h);
        const QRectF belowRight(at.x() + dot, at.y() - dot - h, w, h);
        const QRectF belowLeft(at.x() - dot - w, at.y() - dot - h, w, h);
        request.candidates = {
            above,
            below,
            QRectF(at.x() + dot + gap, at.y() - h / 2, w, h),      // right
            QRectF(at.x() - dot - gap - w, at.y() - h / 2, w, h),  // left
            aboveRight,
            aboveLeft,
            belowRight,
            belowLeft,
        };
        // Where the near places are taken (another label, a marker, a path on
        // the curve plane), a place a line or two further out beats covering it.
        for (const double further : {h + 3 * gap, 2 * (h + 3 * gap)})
            request.candidates << above.translated(0, further) << below.translated(0, -further)
                               << aboveRight.translated(0, further)
                               << aboveLeft.translated(0, further)
                               << belowRight.translated(0, -further)
                               << belowLeft.translated(0, -further);
        ordered.push_back(request);
        actors.push_back(label.actor);
        isMember.push_back(true);
    }
    // Paths drawn over the slice (the curve plane's tubes): no label covers them.
    for (const auto& line : obstacleLines_)
        obstacles += boxesAlong(renderer, line, obstacleRadius_);
    // Some air between labels: a box collides with anything within a gap of it.
    QVector<LabelRequest> padded = ordered;
    for (LabelRequest& r : padded)
        for (QRectF& box : r.candidates)
            box.adjust(-gap, -gap, gap, gap);
    const QVector<int> chosen = placeLabels(padded, plot.adjusted(-gap, -gap, gap, gap), obstacles);

    placed_.clear();
    const int height = renderer->GetSize()[1];
    for (int k = 0; k < chosen.size(); ++k) {
        vtkTextActor* actor = actors[k];
        if (chosen[k] < 0) {
            actor->SetVisibility(false);
            continue;
        }
        const QRectF box = ordered[k].candidates[chosen[k]];
        actor->SetDisplayPosition(static_cast<int>(std::lround(box.x())),
                                  static_cast<int>(std::lround(box.y())));
        actor->SetVisibility(true);
        const QRectF onImage(box.x(), height - box.y() - box.height(), box.width(), box.height());
        placed_.push_back({QString::fromUtf8(actor->GetInput()).trimmed(), onImage, isMember[k]});
    }
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

double LandscapeSurfaceView::textPixels() const {
    return textPixels_ > 0 ? textPixels_ : kScreenTextPixels * view_->devicePixelRatioF();
}

void LandscapeSurfaceView::setTextPixels(double pixels) {
    textPixels_ = std::max(0.0, pixels);
    view_->requestRender();
}

QImage LandscapeSurfaceView::grabFigure(double scale, bool transparentBackground, bool withReadout,
                                        double textPixels) {
    const double shown = textPixels_;
    // The screen's text scaled with the image, unless the figure says its own.
    textPixels_ = textPixels > 0 ? textPixels : this->textPixels() * (scale > 0 ? scale : 1.0);
    if (!withReadout)
        annotation_->SetText(vtkCornerAnnotation::LowerLeft, "");
    QImage image = view_->grabScene(scale, transparentBackground);
    textPixels_ = shown;
    annotation_->SetText(vtkCornerAnnotation::LowerLeft, readout().toUtf8().constData());
    view_->requestRender();
    return image;
}

}  // namespace modescape::ui
