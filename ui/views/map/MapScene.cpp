#include "ui/views/map/MapScene.h"

#include <vtkActor.h>
#include <vtkAxis.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkLookupTable.h>
#include <vtkOutlineSource.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkUnsignedCharArray.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "ui/rendering/Colormaps.h"
#include "ui/views/map/GroupColours.h"
#include "ui/views/map/GroupLegend.h"

namespace modescape::ui {
namespace {

constexpr double kSelectionRing = 6.0;  // extra pixels of the black disc behind a selected point
constexpr double kFrameColour[3] = {0.25, 0.25, 0.25};
constexpr double kTickPixels = 50.0;  // at least about this many pixels between ticks
constexpr double kNoMetricGrey[3] = {0.6, 0.6, 0.6};
constexpr double kTextColour[3] = {0.1, 0.1, 0.1};

vtkSmartPointer<vtkPolyDataMapper> pointMapper(vtkPolyData* data) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(data);
    mapper->SetScalarModeToUsePointData();
    mapper->SetColorModeToDirectScalars();
    return mapper;
}

// Vertices for points; colours (when given, 3 per point) as unsigned-char
// RGBA scalars of this alpha.
void fillPolyData(vtkPolyData* data, const std::vector<std::array<double, 3>>& xyz,
                  const std::vector<double>* colours, int alpha = 255) {
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> vertices;
    for (const auto& p : xyz) {
        const vtkIdType id = points->InsertNextPoint(p[0], p[1], p[2]);
        vertices->InsertNextCell(1, &id);
    }
    data->Initialize();
    data->SetPoints(points);
    data->SetVerts(vertices);
    if (colours) {
        vtkNew<vtkUnsignedCharArray> rgb;
        rgb->SetNumberOfComponents(4);
        rgb->SetName("colour");
        for (std::size_t i = 0; i < xyz.size(); ++i)
            rgb->InsertNextTuple4(std::lround(255 * (*colours)[3 * i]),
                                  std::lround(255 * (*colours)[3 * i + 1]),
                                  std::lround(255 * (*colours)[3 * i + 2]), alpha);
        data->GetPointData()->SetScalars(rgb);
    }
    data->Modified();
}

void styleText(vtkTextActor* actor, double size, int justification) {
    vtkTextProperty* p = actor->GetTextProperty();
    p->SetColor(kTextColour[0], kTextColour[1], kTextColour[2]);
    p->SetFontSize(int(std::lround(size)));
    p->SetJustification(justification);
    actor->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
}

// "0.25", "-1e+03": short, and exactly 0 for a tick at zero that rounding moved.
std::string tickText(double value, double spacing) {
    if (std::abs(value) < 1e-9 * spacing)
        value = 0.0;
    char text[32];
    std::snprintf(text, sizeof text, "%.4g", value);
    return text;
}

// The multiples of the nice spacing VTK's chart axes would choose in [lo, hi].
std::vector<double> niceTicks(double lo, double hi, double pixels) {
    double niceLo = lo, niceHi = hi;
    const double spacing =
        vtkAxis::NiceMinMax(niceLo, niceHi, float(std::max(pixels, 100.0)), float(kTickPixels));
    std::vector<double> ticks;
    if (!(spacing > 0))
        return ticks;
    for (double k = std::ceil(lo / spacing - 1e-9); k * spacing <= hi + 1e-9 * spacing; k += 1)
        ticks.push_back(k * spacing);
    return ticks;
}

}  // namespace

MapScene::MapScene(vtkRenderer* renderer) : renderer_(renderer) {
    pointActor_->SetMapper(pointMapper(points_));
    pointActor_->GetProperty()->SetLighting(false);  // exact group colours in 2-D
    // Translucent markers drawn in the opaque pass: blended over what is below
    // them in draw order with the depth test, not through VTK's translucent
    // pass (order-independent, and washed out to near white by some OpenGL
    // drivers' 8-bit buffers), so the draw order decides what lies on top.
    pointActor_->ForceOpaqueOn();
    selectionActor_->SetMapper(pointMapper(selection_));
    selectionActor_->GetProperty()->SetColor(0, 0, 0);
    selectionActor_->GetProperty()->SetLighting(false);
    // Drawn first: at equal depth the coloured point (drawn later) stays on top.
    renderer_->AddActor(selectionActor_);
    renderer_->AddActor(pointActor_);
    outlineActor_->GetProperty()->SetColor(0.75, 0.75, 0.75);
    outlineActor_->GetProperty()->SetLighting(false);
    outlineActor_->SetVisibility(false);
    renderer_->AddActor(outlineActor_);
    frameActor_->GetProperty()->SetColor(kFrameColour[0], kFrameColour[1], kFrameColour[2]);
    frameActor_->GetProperty()->SetLighting(false);
    frameActor_->SetVisibility(false);
    renderer_->AddActor(frameActor_);

    legend_ = std::make_unique<GroupLegend>(renderer_);
    colourBar_->SetOrientationToVertical();
    colourBar_->SetNumberOfLabels(5);
    colourBar_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    colourBar_->SetPosition(0.88, 0.15);
    colourBar_->SetWidth(0.09);
    colourBar_->SetHeight(0.7);
    renderer_->AddViewProp(colourBar_);
    for (vtkTextActor* text : {title_.Get(), xLabel_.Get(), yLabel_.Get()})
        renderer_->AddViewProp(text);
    title_->SetPosition(0.02, 0.94);
    xLabel_->SetPosition(0.5, 0.01);
    yLabel_->SetPosition(0.02, 0.5);
    setScale(1.0);
    rebuildAnnotations();
}

MapScene::~MapScene() {
    for (vtkProp* prop :
         std::initializer_list<vtkProp*>{selectionActor_, pointActor_, outlineActor_, frameActor_,
                                         colourBar_, title_, xLabel_, yLabel_})
        renderer_->RemoveViewProp(prop);
    for (const auto& label : tickLabels_)
        renderer_->RemoveViewProp(label);
}

void MapScene::setProjection(const symmetry::SetProjection& projection) {
    projection_ = projection;
    groups_.clear();
    groupOfPoint_.clear();
    for (const std::string& g : projection_.groups) {
        auto at = std::find(groups_.begin(), groups_.end(), g);
        if (at == groups_.end())
            at = groups_.insert(groups_.end(), g);
        groupOfPoint_.push_back(int(at - groups_.begin()));
    }
    selected_.clear();
    applyPointSizes();
    rebuildColours();
    rebuildSelection();
    rebuildAnnotations();
    rebuildFrame();  // before the camera: the frame is part of what it frames
    resetCamera();
}

void MapScene::setMetrics(MemberMetricsMap metrics) {
    metrics_ = std::move(metrics);
    rebuildColours();
    rebuildAnnotations();
}

void MapScene::setColouring(MapColouring colouring) {
    colouring_ = colouring;
    rebuildColours();
    rebuildAnnotations();
}

void MapScene::setSelected(std::vector<int> indices) {
    std::sort(indices.begin(), indices.end());
    indices.erase(std::unique(indices.begin(), indices.end()), indices.end());
    selected_ = std::move(indices);
    rebuildSelection();
}

void MapScene::setShowLegend(bool show) {
    showLegend_ = show;
    rebuildAnnotations();
}

void MapScene::setShowTexts(bool show) {
    showTexts_ = show;
    rebuildAnnotations();
}

void MapScene::setScale(double scale) {
    scale_ = scale > 0 ? scale : 1.0;
    applyPointSizes();
    styleText(title_, 16 * scale_, VTK_TEXT_LEFT);
    styleText(xLabel_, 14 * scale_, VTK_TEXT_CENTERED);
    styleText(yLabel_, 14 * scale_, VTK_TEXT_CENTERED);
    title_->GetTextProperty()->BoldOn();
    title_->GetTextProperty()->SetVerticalJustificationToTop();
    title_->SetPosition(0.02, 0.98);
    // Rotated a quarter turn, centred on its anchor both ways, so it never leaves the left edge.
    yLabel_->GetTextProperty()->SetOrientation(90);
    yLabel_->GetTextProperty()->SetVerticalJustificationToTop();
    rebuildAnnotations();
    rebuildFrame();
}

int MapScene::markerAlpha() const {
    // Opaque enough to read the colour, clear enough to see a crowd's density.
    return pointCount() <= 100 ? 200 : 150;
}

double MapScene::markerSize() const {
    // About 120 / sqrt(n) pixels: few points large, thousands small enough
    // to keep apart, always between 4 and 12 pixels.
    const double n = std::max(1, pointCount());
    return std::clamp(120.0 / std::sqrt(n), 4.0, 12.0);
}

void MapScene::applyPointSizes() {
    pointActor_->GetProperty()->SetPointSize(float(markerSize() * scale_));
    selectionActor_->GetProperty()->SetPointSize(float((markerSize() + kSelectionRing) * scale_));
}

void MapScene::resetCamera() {
    vtkCamera* camera = renderer_->GetActiveCamera();
    double bounds[6];
    points_->GetBounds(bounds);
    const double centre[3] = {(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2,
                              (bounds[4] + bounds[5]) / 2};
    camera->SetFocalPoint(centre);
    camera->SetViewUp(0, 1, 0);
    camera->SetPosition(centre[0], centre[1], centre[2] + 1);
    camera->SetParallelProjection(!isThreeDimensional());
    if (isThreeDimensional()) {
        camera->Azimuth(35);
        camera->Elevation(25);
        camera->OrthogonalizeViewUp();
    }
    renderer_->ResetCamera();
    if (!isThreeDimensional())  // a margin so that points on the edge stay whole
        camera->SetParallelScale(camera->GetParallelScale() * 1.1);
    renderer_->ResetCameraClippingRange();
}

void MapScene::worldPosition(int point, double xyz[3]) const {
    const auto& c = projection_.coordinates;
    for (int k = 0; k < 3; ++k)
        xyz[k] = k < c.cols() ? c(point, k) : 0.0;
}

double MapScene::metricOf(int point) const {
    const auto it = metrics_.find(projection_.members[std::size_t(point)]);
    if (it == metrics_.end())
        return std::nan("");
    return colouring_ == MapColouring::Accuracy ? it->second.accuracy : it->second.nll;
}

void MapScene::pointColour(int point, double rgb[3]) const {
    for (int k = 0; k < 3; ++k)
        rgb[k] = colours_[std::size_t(3 * point + k)];
}

void MapScene::rebuildColours() {
    const int n = pointCount();
    colours_.assign(std::size_t(3 * n), 0.0);
    metricRange_[0] = std::numeric_limits<double>::infinity();
    metricRange_[1] = -std::numeric_limits<double>::infinity();
    if (colouring_ != MapColouring::Group)
        for (int i = 0; i < n; ++i)
            if (const double v = metricOf(i); !std::isnan(v)) {
                metricRange_[0] = std::min(metricRange_[0], v);
                metricRange_[1] = std::max(metricRange_[1], v);
            }
    const bool anyMetric = metricRange_[0] <= metricRange_[1];
    if (anyMetric && metricRange_[0] == metricRange_[1]) {
        metricRange_[0] -= 0.5;
        metricRange_[1] += 0.5;
    }
    for (int i = 0; i < n; ++i) {
        double* rgb = &colours_[std::size_t(3 * i)];
        if (colouring_ == MapColouring::Group) {
            groupColour(groupOfPoint_[std::size_t(i)], rgb);
        } else if (const double v = metricOf(i); std::isnan(v)) {
            std::copy(kNoMetricGrey, kNoMetricGrey + 3, rgb);
        } else {
            colormapColor(Colormap::Viridis,
                          (v - metricRange_[0]) / (metricRange_[1] - metricRange_[0]), rgb);
        }
    }
    // Larger groups first, so each smaller group lies on top of them (ties: legend
    // order). In 2-D each later group also sits a little nearer the camera, so
    // that the order holds whether or not translucent points write depth.
    std::vector<int> counts(groups_.size(), 0);
    for (const int g : groupOfPoint_)
        ++counts[std::size_t(g)];
    drawOrder_.resize(groups_.size());
    std::iota(drawOrder_.begin(), drawOrder_.end(), 0);
    std::stable_sort(drawOrder_.begin(), drawOrder_.end(),
                     [&](int a, int b) { return counts[std::size_t(a)] > counts[std::size_t(b)]; });
    const double step = isThreeDimensional() ? 0.0 : 1e-3 * std::max(dataExtent(), 1e-12);
    std::vector<std::array<double, 3>> xyz;
    std::vector<double> ordered;
    for (std::size_t rank = 0; rank < drawOrder_.size(); ++rank)
        for (int i = 0; i < n; ++i) {
            if (groupOfPoint_[std::size_t(i)] != drawOrder_[rank])
                continue;
            std::array<double, 3> p;
            worldPosition(i, p.data());
            p[2] += step * double(rank + 1);
            xyz.push_back(p);
            ordered.insert(ordered.end(), colours_.begin() + 3 * i, colours_.begin() + 3 * i + 3);
        }
    fillPolyData(points_, xyz, &ordered, markerAlpha());
}

double MapScene::dataExtent() const {
    const auto& c = projection_.coordinates;
    double extent = 0.0;
    for (int k = 0; k < std::min<int>(2, int(c.cols())); ++k)
        if (c.rows() > 0)
            extent = std::max(extent, c.col(k).maxCoeff() - c.col(k).minCoeff());
    return extent;
}

void MapScene::rebuildSelection() {
    std::vector<std::array<double, 3>> xyz;
    // Behind every marker (2-D): the rings never cover a point.
    const double behind = isThreeDimensional() ? 0.0 : 1e-3 * std::max(dataExtent(), 1e-12);
    for (int i : selected_) {
        std::array<double, 3> p;
        worldPosition(i, p.data());
        p[2] -= behind;
        xyz.push_back(p);
    }
    fillPolyData(selection_, xyz, nullptr);
}

std::string MapScene::axisName(int axis) const {
    const std::string& m = projection_.method;
    if (m == "pca") {
        char text[64];
        if (std::size_t(axis) < projection_.explainedVarianceRatio.size())
            std::snprintf(text, sizeof text, "PC%d (%.1f%%)", axis + 1,
                          100 * projection_.explainedVarianceRatio[std::size_t(axis)]);
        else
            std::snprintf(text, sizeof text, "PC%d", axis + 1);
        return text;
    }
    return (m == "tsne" ? "t-SNE " : m == "mds" ? "MDS " : "axis ") + std::to_string(axis + 1);
}

void MapScene::rebuildAnnotations() {
    const bool empty = projection_.members.empty();
    const bool byGroup = colouring_ == MapColouring::Group;
    const bool anyMetric = metricRange_[0] <= metricRange_[1];

    legend_->setEntries(groups_, scale_);
    legend_->setVisible(showLegend_ && !empty && byGroup);

    colourBar_->SetVisibility(showLegend_ && !empty && !byGroup && anyMetric);
    if (anyMetric)
        colourBar_->SetLookupTable(makeLookupTable(Colormap::Viridis, metricRange_));
    colourBar_->SetTitle(colouring_ == MapColouring::Accuracy ? "accuracy" : "NLL");

    const bool texts = showTexts_ && !empty;
    title_->SetVisibility(texts);
    xLabel_->SetVisibility(texts);
    yLabel_->SetVisibility(texts && !isThreeDimensional());
    for (const auto& label : tickLabels_)
        label->SetVisibility(texts && !isThreeDimensional());
    outlineActor_->SetVisibility(!empty && isThreeDimensional());
    if (empty)
        return;
    std::string method = projection_.method == "pca"    ? "PCA"
                         : projection_.method == "tsne" ? "t-SNE"
                                                        : "MDS";
    std::string title =
        method + " of " + std::to_string(pointCount()) + " members, " +
        (projection_.space == "function" ? "function space (" + projection_.distance + ")"
                                         : projection_.space);
    title_->SetInput(title.c_str());
    // In 3-D the axes have no fixed place on screen: name all three under the box.
    const std::string xName =
        isThreeDimensional() ? "x: " + axisName(0) + ",  y: " + axisName(1) + ",  z: " + axisName(2)
                             : axisName(0);
    xLabel_->SetInput(xName.c_str());
    yLabel_->SetInput(axisName(1).c_str());
    if (isThreeDimensional()) {
        double bounds[6];
        points_->GetBounds(bounds);
        vtkNew<vtkOutlineSource> box;
        box->SetBounds(bounds);
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(box->GetOutputPort());
        outlineActor_->SetMapper(mapper);
    }
}

}  // namespace modescape::ui

namespace modescape::ui {

// The data's bounds with a 5% margin, a rectangle around them and tick marks
// pointing out at nice values (the spacing VTK's chart axes choose for the
// axis length), each with its value below / left of it.
void MapScene::rebuildFrame() {
    for (const auto& label : tickLabels_)
        renderer_->RemoveViewProp(label);
    tickLabels_.clear();
    xTicks_.clear();
    yTicks_.clear();
    const bool show = !projection_.members.empty() && !isThreeDimensional();
    frameActor_->SetVisibility(show);
    if (!show)
        return;
    const auto& c = projection_.coordinates;
    double range[2][2];
    for (int k = 0; k < 2; ++k) {
        const double lo = c.col(k).minCoeff(), hi = c.col(k).maxCoeff();
        const double pad = hi > lo ? 0.05 * (hi - lo) : 0.5;
        range[k][0] = lo - pad;
        range[k][1] = hi + pad;
    }
    frame_ = {range[0][0], range[0][1], range[1][0], range[1][1]};
    const int* size = renderer_->GetSize();
    // Before the first render the size is unknown: the reference picture's.
    const double pixels[2] = {size[0] > 0 ? 0.8 * size[0] : 600.0 * scale_,
                              size[1] > 0 ? 0.7 * size[1] : 450.0 * scale_};
    xTicks_ = niceTicks(range[0][0], range[0][1], pixels[0]);
    yTicks_ = niceTicks(range[1][0], range[1][1], pixels[1]);

    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> lines;
    auto line = [&](double x0, double y0, double x1, double y1) {
        const vtkIdType ids[2] = {points->InsertNextPoint(x0, y0, 0),
                                  points->InsertNextPoint(x1, y1, 0)};
        lines->InsertNextCell(2, ids);
    };
    const double x0 = range[0][0], x1 = range[0][1], y0 = range[1][0], y1 = range[1][1];
    line(x0, y0, x1, y0);
    line(x1, y0, x1, y1);
    line(x1, y1, x0, y1);
    line(x0, y1, x0, y0);
    const double tick = 0.015 * std::min(x1 - x0, y1 - y0);
    auto label = [&](double x, double y, double value, double spacing, bool below) {
        vtkNew<vtkCoordinate> anchor;
        anchor->SetCoordinateSystemToWorld();
        anchor->SetValue(x, y, 0);
        vtkNew<vtkTextActor> text;
        text->SetInput(tickText(value, spacing).c_str());
        styleText(text, 12 * scale_, below ? VTK_TEXT_CENTERED : VTK_TEXT_RIGHT);
        text->GetTextProperty()->SetVerticalJustification(below ? VTK_TEXT_TOP : VTK_TEXT_CENTERED);
        // A few pixels beyond the tick mark's end, whatever the zoom.
        text->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
        text->GetPositionCoordinate()->SetReferenceCoordinate(anchor);
        text->GetPositionCoordinate()->SetValue(below ? 0.0 : -4 * scale_,
                                                below ? -4 * scale_ : 0.0);
        text->SetVisibility(showTexts_);
        renderer_->AddViewProp(text);
        tickLabels_.emplace_back(text.Get());
    };
    const double xSpacing = xTicks_.size() > 1 ? xTicks_[1] - xTicks_[0] : 1.0;
    const double ySpacing = yTicks_.size() > 1 ? yTicks_[1] - yTicks_[0] : 1.0;
    for (const double x : xTicks_) {
        line(x, y0, x, y0 - tick);
        label(x, y0 - tick, x, xSpacing, true);
    }
    for (const double y : yTicks_) {
        line(x0, y, x0 - tick, y);
        label(x0 - tick, y, y, ySpacing, false);
    }
    vtkNew<vtkPolyData> frame;
    frame->SetPoints(points);
    frame->SetLines(lines);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(frame);
    frameActor_->SetMapper(mapper);
}

}  // namespace modescape::ui
