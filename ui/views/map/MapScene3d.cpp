#include "ui/views/map/MapScene3d.h"

#include <vtkActor.h>
#include <vtkCallbackCommand.h>
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
#include <memory>

#include "ui/rendering/Colormaps.h"
#include "ui/rendering/FigureTitles.h"
#include "ui/views/map/GroupLegend.h"

namespace modescape::ui {
namespace {

constexpr double kSelectionRing = 6.0;  // extra pixels of the black disc behind a selected point
constexpr double kTextColour[3] = {0.1, 0.1, 0.1};
constexpr double kScreenPixelsPerPoint = 96.0 / 72.0;
// The screen's text: 9 pt at 96 dpi (as the landscape's figures, FigureText.h).
constexpr double kScreenTextPixels = 12.0;

vtkSmartPointer<vtkPolyDataMapper> pointMapper(vtkPolyData* data) {
    auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    mapper->SetInputData(data);
    mapper->SetScalarModeToUsePointData();
    mapper->SetColorModeToDirectScalars();
    return mapper;
}

// Vertices at the given points (indices into the model), with RGBA scalars of
// the model's colours at alpha when colours is set.
void fillPolyData(vtkPolyData* data, const MapModel& model, const std::vector<int>& indices,
                  bool colours) {
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> vertices;
    vtkNew<vtkUnsignedCharArray> rgba;
    rgba->SetNumberOfComponents(4);
    rgba->SetName("colour");
    const auto& c = model.projection().coordinates;
    for (const int i : indices) {
        const vtkIdType id = points->InsertNextPoint(c(i, 0), c(i, 1), c(i, 2));
        vertices->InsertNextCell(1, &id);
        double rgb[3];
        model.pointColour(i, rgb);
        rgba->InsertNextTuple4(std::lround(255 * rgb[0]), std::lround(255 * rgb[1]),
                               std::lround(255 * rgb[2]), model.markerAlpha());
    }
    data->Initialize();
    data->SetPoints(points);
    data->SetVerts(vertices);
    if (colours)
        data->GetPointData()->SetScalars(rgba);
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

MapScene3d::MapScene3d(vtkRenderer* renderer, const MapModel& model)
    : renderer_(renderer), model_(model) {
    pointActor_->SetMapper(pointMapper(points_));
    pointActor_->GetProperty()->SetLighting(false);  // exact group colours
    // Translucent markers drawn in the opaque pass, in draw order (larger groups
    // first): VTK's translucent pass is order-independent and washed out to near
    // white by some OpenGL drivers' 8-bit buffers.
    pointActor_->ForceOpaqueOn();
    selectionActor_->SetMapper(pointMapper(selection_));
    selectionActor_->GetProperty()->SetColor(0, 0, 0);
    selectionActor_->GetProperty()->SetLighting(false);
    renderer_->AddActor(selectionActor_);
    renderer_->AddActor(pointActor_);
    outlineActor_->GetProperty()->SetColor(0.75, 0.75, 0.75);
    outlineActor_->GetProperty()->SetLighting(false);
    renderer_->AddActor(outlineActor_);
    legend_ = std::make_unique<GroupLegend>(renderer_);
    colourBar_->SetOrientationToVertical();
    colourBar_->SetNumberOfLabels(5);
    colourBar_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    colourBar_->SetPosition(0.88, 0.15);
    colourBar_->SetWidth(0.09);
    colourBar_->SetHeight(0.7);
    renderer_->AddViewProp(colourBar_);
    renderer_->AddViewProp(title_);
    renderer_->AddViewProp(axesLabel_);
    // Titles may be turned off for one export and on again (ScopedFigureTitles):
    // asked at every render, so the screen's next render has its title back.
    vtkNew<vtkCallbackCommand> beforeRender;
    beforeRender->SetClientData(this);
    beforeRender->SetCallback([](vtkObject*, unsigned long, void* self, void*) {
        static_cast<MapScene3d*>(self)->beforeRender();
    });
    observer_ = renderer_->AddObserver(vtkCommand::StartEvent, beforeRender);
    setScale(1.0);
}

MapScene3d::~MapScene3d() {
    renderer_->RemoveObserver(observer_);
    for (vtkProp* prop : std::initializer_list<vtkProp*>{
             selectionActor_, pointActor_, outlineActor_, colourBar_, title_, axesLabel_})
        renderer_->RemoveViewProp(prop);
}

void MapScene3d::setScale(double scale) {
    scale_ = scale > 0 ? scale : 1.0;
    styleTexts();
    refresh();
}

void MapScene3d::setTextPixels(double pixels) {
    textPixels_ = std::max(0.0, pixels);
    styleTexts();
    refresh();
}

double MapScene3d::textScale() const {
    return textPixels_ > 0 ? textPixels_ / kScreenTextPixels : scale_;
}

void MapScene3d::beforeRender() {
    title_->SetVisibility(titleWanted_ && figureTitlesShown());
    // Text in points may be wider than a narrow figure (the axes' three names
    // in a paper column): a line wider than the render shrinks until it fits.
    const int* size = renderer_->GetSize();
    const double room = 0.96 * size[0];
    const double text = textScale();
    const std::pair<vtkTextActor*, double> lines[] = {{title_, 16 * text}, {axesLabel_, 14 * text}};
    for (const auto& [actor, pixels] : lines) {
        vtkTextProperty* p = actor->GetTextProperty();
        p->SetFontSize(int(std::lround(pixels)));
        double box[4];
        if (size[0] < 2 || !actor->GetVisibility())
            continue;
        actor->GetBoundingBox(renderer_, box);
        const double width = box[1] - box[0];
        if (width > room)
            p->SetFontSize(std::max(6, int(std::floor(pixels * room / width))));
    }
}

void MapScene3d::styleTexts() {
    // On screen (scale 1) the title is 16 pixels, the axes' names 14, the
    // colour bar's numbers 12: a little larger than the 12-pixel text.
    const double text = textScale();
    styleText(title_, 16 * text, VTK_TEXT_LEFT);
    styleText(axesLabel_, 14 * text, VTK_TEXT_CENTERED);
    title_->GetTextProperty()->BoldOn();
    title_->GetTextProperty()->SetVerticalJustificationToTop();
    title_->SetPosition(0.02, 0.98);
    axesLabel_->SetPosition(0.5, 0.01);
    // The colour bar's text at a size of its own, not shrunk to fit its box.
    colourBar_->UnconstrainedFontSizeOn();
    for (vtkTextProperty* p :
         {colourBar_->GetTitleTextProperty(), colourBar_->GetLabelTextProperty()}) {
        p->SetColor(kTextColour[0], kTextColour[1], kTextColour[2]);
        p->SetFontSize(int(std::lround(12 * text)));
        p->ItalicOff();
        p->ShadowOff();
    }
    colourBar_->SetTextPad(int(std::lround(3 * text)));
}

void MapScene3d::refresh() {
    refreshPoints();
    refreshAnnotations();
}

void MapScene3d::refreshPoints() {
    const bool show = model_.isThreeDimensional() && model_.pointCount() > 0;
    fillPolyData(points_, model_, show ? model_.pointDrawOrder() : std::vector<int>{}, true);
    fillPolyData(selection_, model_, show ? model_.selected() : std::vector<int>{}, false);
    const double pixels = model_.markerPoints() * kScreenPixelsPerPoint;
    pointActor_->GetProperty()->SetPointSize(float(pixels * scale_));
    selectionActor_->GetProperty()->SetPointSize(float((pixels + kSelectionRing) * scale_));
}

void MapScene3d::refreshAnnotations() {
    const bool show = model_.isThreeDimensional() && model_.pointCount() > 0;
    // The legend's entries are coloured groupColour(0), (1) ... as legendEntries() are.
    std::vector<std::string> names;
    for (const auto& entry : model_.legendEntries())
        names.push_back(entry.name.toStdString());
    legend_->setEntries(names, textScale());
    legend_->setVisible(show && model_.showLegend() && !names.empty());
    colourBar_->SetVisibility(show && model_.showLegend() && model_.hasColourBar());
    if (model_.hasColourBar()) {
        const double range[2] = {model_.metricLow(), model_.metricHigh()};
        colourBar_->SetLookupTable(makeLookupTable(Colormap::Viridis, range));
    }
    colourBar_->SetTitle(model_.metricName().toStdString().c_str());
    titleWanted_ = show && model_.showTexts();
    title_->SetVisibility(titleWanted_ && figureTitlesShown());
    axesLabel_->SetVisibility(show && model_.showTexts());
    outlineActor_->SetVisibility(show);
    if (!show)
        return;
    title_->SetInput(model_.title().toStdString().c_str());
    // The axes have no fixed place on screen: name all three under the box.
    const QString axes = QStringLiteral("x: %1,  y: %2,  z: %3")
                             .arg(model_.axisName(0), model_.axisName(1), model_.axisName(2));
    axesLabel_->SetInput(axes.toStdString().c_str());
    double bounds[6];
    points_->GetBounds(bounds);
    vtkNew<vtkOutlineSource> box;
    box->SetBounds(bounds);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(box->GetOutputPort());
    outlineActor_->SetMapper(mapper);
}

void MapScene3d::resetCamera() {
    vtkCamera* camera = renderer_->GetActiveCamera();
    double bounds[6];
    points_->GetBounds(bounds);
    const double centre[3] = {(bounds[0] + bounds[1]) / 2, (bounds[2] + bounds[3]) / 2,
                              (bounds[4] + bounds[5]) / 2};
    camera->SetFocalPoint(centre);
    camera->SetViewUp(0, 1, 0);
    camera->SetPosition(centre[0], centre[1], centre[2] + 1);
    camera->SetParallelProjection(false);
    camera->Azimuth(35);
    camera->Elevation(25);
    camera->OrthogonalizeViewUp();
    renderer_->ResetCamera();
    renderer_->ResetCameraClippingRange();
}

}  // namespace modescape::ui
