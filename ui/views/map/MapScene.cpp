#include "ui/views/map/MapScene.h"

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
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

#include "ui/rendering/Colormaps.h"
#include "ui/views/map/GroupColours.h"
#include "ui/views/map/GroupLegend.h"

namespace modescape::ui {
namespace {

constexpr double kPointSize = 10.0;
constexpr double kSelectionRing = 6.0;  // extra pixels of the black disc behind a selected point
constexpr double kNoMetricGrey[3] = {0.6, 0.6, 0.6};
constexpr double kTextColour[3] = {0.1, 0.1, 0.1};

vtkSmartPointer<vtkPolyDataMapper> pointMapper(vtkPolyData* data) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(data);
    mapper->SetScalarModeToUsePointData();
    mapper->SetColorModeToDirectScalars();
    return mapper;
}

// Vertices for points; colours (when given) as unsigned-char RGB scalars.
void fillPolyData(vtkPolyData* data, const std::vector<std::array<double, 3>>& xyz,
                  const std::vector<double>* colours) {
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
        rgb->SetNumberOfComponents(3);
        rgb->SetName("colour");
        for (std::size_t i = 0; i < xyz.size(); ++i)
            rgb->InsertNextTuple3(std::lround(255 * (*colours)[3 * i]),
                                  std::lround(255 * (*colours)[3 * i + 1]),
                                  std::lround(255 * (*colours)[3 * i + 2]));
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

}  // namespace

MapScene::MapScene(vtkRenderer* renderer) : renderer_(renderer) {
    pointActor_->SetMapper(pointMapper(points_));
    pointActor_->GetProperty()->SetLighting(false);  // exact group colours in 2-D
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
    for (vtkProp* prop : std::initializer_list<vtkProp*>{
             selectionActor_, pointActor_, outlineActor_, colourBar_, title_, xLabel_, yLabel_})
        renderer_->RemoveViewProp(prop);
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
    rebuildColours();
    rebuildSelection();
    rebuildAnnotations();
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
    pointActor_->GetProperty()->SetPointSize(float(kPointSize * scale_));
    selectionActor_->GetProperty()->SetPointSize(float((kPointSize + kSelectionRing) * scale_));
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
    std::vector<std::array<double, 3>> xyz;
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
        std::array<double, 3> p;
        worldPosition(i, p.data());
        xyz.push_back(p);
    }
    fillPolyData(points_, xyz, &colours_);
}

void MapScene::rebuildSelection() {
    std::vector<std::array<double, 3>> xyz;
    for (int i : selected_) {
        std::array<double, 3> p;
        worldPosition(i, p.data());
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
