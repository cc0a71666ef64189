#include "ui/views/map/GroupLegend.h"

#include <vtkActor2D.h>
#include <vtkCellArray.h>
#include <vtkCoordinate.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>

#include "ui/views/map/GroupColours.h"

namespace modescape::ui {
namespace {

constexpr int kMaxEntries = 20;  // more would cover the map

vtkSmartPointer<vtkPolyData> square(double side) {
    vtkNew<vtkPoints> points;
    points->InsertNextPoint(0, 0, 0);
    points->InsertNextPoint(side, 0, 0);
    points->InsertNextPoint(side, side, 0);
    points->InsertNextPoint(0, side, 0);
    vtkNew<vtkCellArray> polygon;
    const vtkIdType ids[4] = {0, 1, 2, 3};
    polygon->InsertNextCell(4, ids);
    auto data = vtkSmartPointer<vtkPolyData>::New();
    data->SetPoints(points);
    data->SetPolys(polygon);
    return data;
}

}  // namespace

GroupLegend::GroupLegend(vtkRenderer* renderer) : renderer_(renderer) {
    corner_->SetCoordinateSystemToNormalizedViewport();
    corner_->SetValue(1.0, 1.0);
}

GroupLegend::~GroupLegend() {
    clear();
}

void GroupLegend::clear() {
    for (auto& t : texts_)
        renderer_->RemoveViewProp(t);
    for (auto& s : swatches_)
        renderer_->RemoveViewProp(s);
    texts_.clear();
    swatches_.clear();
}

void GroupLegend::setEntries(const std::vector<std::string>& names, double scale) {
    clear();
    const double line = 18 * scale, side = 11 * scale, margin = 10 * scale;
    const int shown = std::min<int>(int(names.size()), kMaxEntries);
    for (int i = 0; i < shown; ++i) {
        const double top = -margin - (i + 1) * line;  // pixels below the top edge
        double rgb[3];
        groupColour(i, rgb);

        auto swatch = vtkSmartPointer<vtkActor2D>::New();
        vtkNew<vtkPolyDataMapper2D> mapper;
        mapper->SetInputData(square(side));
        swatch->SetMapper(mapper);
        swatch->GetProperty()->SetColor(rgb);
        swatch->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
        swatch->GetPositionCoordinate()->SetReferenceCoordinate(corner_);
        swatch->GetPositionCoordinate()->SetValue(-margin - side, top + 2 * scale);

        auto text = vtkSmartPointer<vtkTextActor>::New();
        const std::string label =
            i + 1 == kMaxEntries && int(names.size()) > kMaxEntries ? "..." : names[std::size_t(i)];
        text->SetInput(label.c_str());
        vtkTextProperty* p = text->GetTextProperty();
        p->SetFontSize(int(13 * scale + 0.5));
        p->SetColor(0.1, 0.1, 0.1);
        p->SetJustificationToRight();
        text->GetPositionCoordinate()->SetCoordinateSystemToDisplay();
        text->GetPositionCoordinate()->SetReferenceCoordinate(corner_);
        text->GetPositionCoordinate()->SetValue(-2 * margin - side, top);

        for (vtkActor2D* actor :
             {static_cast<vtkActor2D*>(swatch), static_cast<vtkActor2D*>(text)}) {
            actor->SetVisibility(visible_);
            renderer_->AddViewProp(actor);
        }
        swatches_.push_back(swatch);
        texts_.push_back(text);
    }
}

void GroupLegend::setVisible(bool visible) {
    visible_ = visible;
    for (auto& t : texts_)
        t->SetVisibility(visible);
    for (auto& s : swatches_)
        s->SetVisibility(visible);
}

}  // namespace modescape::ui
