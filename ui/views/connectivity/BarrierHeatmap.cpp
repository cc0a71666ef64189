#include "ui/views/connectivity/BarrierHeatmap.h"

#include <QVBoxLayout>

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCommand.h>
#include <vtkCoordinate.h>
#include <vtkDoubleArray.h>
#include <vtkLookupTable.h>
#include <vtkNew.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ui/rendering/VtkView.h"

namespace modescape::ui {

namespace {

constexpr double kInk[3] = {0.12, 0.12, 0.12};
// World units around the n x n cells: names on the left and below, title
// above, colour bar on the right.
constexpr double kLabelSpace = 2.2, kTitleSpace = 0.9, kBarSpace = 2.0;

void styleText(vtkTextProperty* text, int size) {
    text->SetColor(kInk[0], kInk[1], kInk[2]);
    text->SetFontSize(size);
}

}  // namespace

std::vector<std::size_t> basinOrder(const std::vector<int>& basin) {
    std::vector<std::size_t> order(basin.size());
    std::iota(order.begin(), order.end(), std::size_t(0));
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return basin[a] < basin[b]; });
    return order;
}

BarrierHeatmap::BarrierHeatmap(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new VtkView(this);
    view_->setObjectName("barrierHeatmapView");
    layout->addWidget(view_);
    fitObserver_ =
        view_->renderer()->AddObserver(vtkCommand::StartEvent, this, &BarrierHeatmap::fitCamera);
    rebuildScene();
}

BarrierHeatmap::~BarrierHeatmap() {
    view_->renderer()->RemoveObserver(fitObserver_);
}

void BarrierHeatmap::setMatrix(const connectivity::BarrierMatrix& matrix) {
    matrix_ = matrix;
    rebuildScene();
}

void BarrierHeatmap::rebuildScene() {
    vtkRenderer* renderer = view_->renderer();
    renderer->RemoveAllViewProps();
    const std::size_t n = matrix_.size();
    order_ = matrix_.basin.size() == n ? basinOrder(matrix_.basin) : std::vector<std::size_t>(n);
    if (matrix_.basin.size() != n)
        std::iota(order_.begin(), order_.end(), std::size_t(0));
    rangeMax_ = 0.0;
    for (double b : matrix_.interpolated)
        if (std::isfinite(b))
            rangeMax_ = std::max(rangeMax_, b);
    if (rangeMax_ <= 0.0)
        rangeMax_ = 1.0;  // all zero: any range shows them at its low end
    if (n > 0) {
        addCells();
        addBasinOutlines();
        addLabels();
    }
    addTitleAndColourBar();
    view_->requestRender();
}

// Drawn cell (r, c) covers x in [c, c + 1], y in [n - 1 - r, n - r]: row 0 on top.
void BarrierHeatmap::addCells() {
    const std::size_t n = matrix_.size();
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> quads;
    vtkNew<vtkDoubleArray> values;
    values->SetName("barrier");
    for (std::size_t r = 0; r < n; ++r)
        for (std::size_t c = 0; c < n; ++c) {
            const double x = double(c), y = double(n - 1 - r);
            const vtkIdType first = points->InsertNextPoint(x, y, 0);
            points->InsertNextPoint(x + 1, y, 0);
            points->InsertNextPoint(x + 1, y + 1, 0);
            points->InsertNextPoint(x, y + 1, 0);
            const vtkIdType ids[4] = {first, first + 1, first + 2, first + 3};
            quads->InsertNextCell(4, ids);
            values->InsertNextValue(matrix_.barrier(order_[r], order_[c]));
        }
    vtkNew<vtkPolyData> cells;
    cells->SetPoints(points);
    cells->SetPolys(quads);
    cells->GetCellData()->SetScalars(values);

    const double range[2] = {0.0, rangeMax_};
    auto lut = makeLookupTable(colormap(), range);
    lut->SetNanColor(0.75, 0.75, 0.75, 1.0);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(cells);
    mapper->SetLookupTable(lut);
    mapper->SetScalarRange(range);
    mapper->SetScalarModeToUseCellData();
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    actor->GetProperty()->LightingOff();  // exact colour-map colours
    view_->renderer()->AddActor(actor);
}

void BarrierHeatmap::addBasinOutlines() {
    const std::size_t n = matrix_.size();
    if (matrix_.basin.size() != n)
        return;
    vtkNew<vtkPoints> points;
    vtkNew<vtkCellArray> lines;
    for (std::size_t start = 0; start < n;) {
        std::size_t end = start;
        while (end < n && matrix_.basin[order_[end]] == matrix_.basin[order_[start]])
            ++end;
        // The diagonal block of rows and columns start .. end - 1.
        const double x0 = double(start), x1 = double(end), y0 = double(n - end),
                     y1 = double(n - start);
        const double corners[5][2] = {{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}, {x0, y0}};
        vtkIdType ids[5];
        for (int k = 0; k < 5; ++k)
            ids[k] = points->InsertNextPoint(corners[k][0], corners[k][1], 0.01);
        lines->InsertNextCell(5, ids);
        start = end;
    }
    vtkNew<vtkPolyData> outlines;
    outlines->SetPoints(points);
    outlines->SetLines(lines);
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(outlines);
    vtkNew<vtkActor> actor;
    actor->SetMapper(mapper);
    actor->GetProperty()->SetColor(1.0, 1.0, 1.0);
    actor->GetProperty()->SetLineWidth(3.0f);
    actor->GetProperty()->LightingOff();
    view_->renderer()->AddActor(actor);
}

void BarrierHeatmap::addLabels() {
    const std::size_t n = matrix_.size();
    const int fontSize = n <= 8 ? 13 : n <= 16 ? 11 : 9;
    for (std::size_t k = 0; k < n; ++k) {
        const std::string& name = matrix_.members[order_[k]];
        vtkNew<vtkTextActor> row;
        row->SetInput(name.c_str());
        row->GetPositionCoordinate()->SetCoordinateSystemToWorld();
        row->GetPositionCoordinate()->SetValue(-0.1, double(n - k) - 0.5, 0);
        styleText(row->GetTextProperty(), fontSize);
        row->GetTextProperty()->SetJustificationToRight();
        row->GetTextProperty()->SetVerticalJustificationToCentered();
        view_->renderer()->AddViewProp(row);

        vtkNew<vtkTextActor> column;
        column->SetInput(name.c_str());
        column->GetPositionCoordinate()->SetCoordinateSystemToWorld();
        column->GetPositionCoordinate()->SetValue(double(k) + 0.5, -0.1, 0);
        styleText(column->GetTextProperty(), fontSize);
        column->GetTextProperty()->SetOrientation(45.0);  // long names do not overlap
        column->GetTextProperty()->SetJustificationToRight();
        column->GetTextProperty()->SetVerticalJustificationToTop();
        view_->renderer()->AddViewProp(column);
    }
}

void BarrierHeatmap::addTitleAndColourBar() {
    if (matrix_.size() == 0) {
        title_ = tr("No barrier matrix computed yet");
    } else {
        title_ =
            tr("%1 barriers (training loss): %n basin(s) below %2", nullptr, matrix_.basinCount)
                .arg(QString::fromUtf8(connectivity::pathKindName(matrix_.kind)))
                .arg(matrix_.threshold, 0, 'g', 3);
    }
    vtkNew<vtkTextActor> title;
    title->SetInput(title_.toUtf8().constData());
    title->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    title->GetPositionCoordinate()->SetValue(0.5, 0.97);
    styleText(title->GetTextProperty(), 15);
    title->GetTextProperty()->SetJustificationToCentered();
    title->GetTextProperty()->SetVerticalJustificationToTop();
    view_->renderer()->AddViewProp(title);
    if (matrix_.size() == 0)
        return;

    const double range[2] = {0.0, rangeMax_};
    vtkNew<vtkScalarBarActor> bar;
    bar->SetLookupTable(makeLookupTable(colormap(), range));
    bar->SetTitle("barrier");
    bar->SetNumberOfLabels(5);
    bar->SetWidth(0.08);
    bar->SetHeight(0.6);
    bar->SetPosition(0.89, 0.2);
    styleText(bar->GetTitleTextProperty(), 13);
    styleText(bar->GetLabelTextProperty(), 12);
    view_->renderer()->AddViewProp(bar);
}

void BarrierHeatmap::fitCamera(vtkObject*, unsigned long, void*) {
    const double n = std::max<double>(1.0, double(matrix_.size()));
    // The region to show: the cells with room for names, title and colour bar.
    const double x0 = -kLabelSpace, x1 = n + kBarSpace, y0 = -kLabelSpace, y1 = n + kTitleSpace;
    vtkCamera* camera = view_->renderer()->GetActiveCamera();
    camera->ParallelProjectionOn();
    const double cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    camera->SetFocalPoint(cx, cy, 0);
    camera->SetPosition(cx, cy, 10);
    camera->SetViewUp(0, 1, 0);
    const int* pixels = view_->renderer()->GetSize();
    const double aspect = pixels[1] > 0 ? double(pixels[0]) / pixels[1] : 1.0;
    camera->SetParallelScale(std::max((y1 - y0) / 2, (x1 - x0) / 2 / aspect));
    view_->renderer()->ResetCameraClippingRange();
}

QPointF BarrierHeatmap::cellCentre(int row, int column) const {
    const double n = double(matrix_.size());
    vtkNew<vtkCoordinate> point;
    point->SetCoordinateSystemToWorld();
    point->SetValue(column + 0.5, n - 1 - row + 0.5, 0);
    const double* display = point->GetComputedDoubleDisplayValue(view_->renderer());
    const double ratio = view_->devicePixelRatioF();
    return {display[0] / ratio, view_->height() - display[1] / ratio};
}

}  // namespace modescape::ui
