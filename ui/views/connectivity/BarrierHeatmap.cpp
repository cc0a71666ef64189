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
#include <vtkGenericOpenGLRenderWindow.h>
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
#include <vtkTextRenderer.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "ui/rendering/VtkView.h"

namespace modescape::ui {

namespace {

constexpr double kInk[3] = {0.12, 0.12, 0.12};
// The colour bar's left edge and width (fractions of the view's width), and
// the pixels between names and the picture's edge.
constexpr double kBarLeft = 0.89, kBarWidth = 0.08, kGap = 6.0;

void styleText(vtkTextProperty* text, int size) {
    text->SetColor(kInk[0], kInk[1], kInk[2]);
    text->SetFontSize(size);
}

}  // namespace

QString elidedMemberName(const QString& name, int maxCharacters) {
    if (name.size() <= maxCharacters || maxCharacters < 5)
        return name;
    // ASCII dots: VTK's built-in fonts may lack the ellipsis character.
    const int kept = maxCharacters - 3;
    return name.left((kept + 1) / 2) + "..." + name.right(kept / 2);
}

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
    // Few columns: names at 45 degrees read easily; many: upright (90 degrees)
    // so that neighbours never overlap.
    const double columnAngle = n <= 10 ? 45.0 : 90.0;
    rowLabels_.clear();
    columnLabels_.clear();
    for (std::size_t k = 0; k < n; ++k) {
        const QString name = elidedMemberName(QString::fromStdString(matrix_.members[order_[k]]));
        const QByteArray text = name.toUtf8();
        vtkNew<vtkTextActor> row;
        row->SetInput(text.constData());
        row->GetPositionCoordinate()->SetCoordinateSystemToWorld();
        row->GetPositionCoordinate()->SetValue(-0.1, double(n - k) - 0.5, 0);
        styleText(row->GetTextProperty(), fontSize);
        row->GetTextProperty()->SetJustificationToRight();
        row->GetTextProperty()->SetVerticalJustificationToCentered();
        view_->renderer()->AddViewProp(row);
        rowLabels_.emplace_back(row.Get());

        vtkNew<vtkTextActor> column;
        column->SetInput(text.constData());
        column->GetPositionCoordinate()->SetCoordinateSystemToWorld();
        column->GetPositionCoordinate()->SetValue(double(k) + 0.5, -0.1, 0);
        styleText(column->GetTextProperty(), fontSize);
        column->GetTextProperty()->SetOrientation(columnAngle);
        column->GetTextProperty()->SetJustificationToRight();
        if (columnAngle == 90.0)
            column->GetTextProperty()->SetVerticalJustificationToCentered();
        else
            column->GetTextProperty()->SetVerticalJustificationToTop();
        view_->renderer()->AddViewProp(column);
        columnLabels_.emplace_back(column.Get());
    }
}

void BarrierHeatmap::addTitleAndColourBar() {
    if (matrix_.size() == 0) {
        title_ = tr("No barrier matrix computed yet");
    } else {
        title_ =
            tr("%1 barriers (%2 split loss): %n basin(s) below %3", nullptr, matrix_.basinCount)
                .arg(QString::fromUtf8(connectivity::pathKindName(matrix_.kind)))
                .arg(QString::fromStdString(matrix_.split))
                .arg(matrix_.threshold, 0, 'g', 3);
    }
    titleActor_ = vtkSmartPointer<vtkTextActor>::New();
    titleActor_->SetInput(title_.toUtf8().constData());
    titleActor_->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    titleActor_->GetPositionCoordinate()->SetValue(0.5, 0.97);
    styleText(titleActor_->GetTextProperty(), 15);
    titleActor_->GetTextProperty()->SetJustificationToCentered();
    titleActor_->GetTextProperty()->SetVerticalJustificationToTop();
    view_->renderer()->AddViewProp(titleActor_);
    if (matrix_.size() == 0)
        return;

    const double range[2] = {0.0, rangeMax_};
    vtkNew<vtkScalarBarActor> bar;
    bar->SetLookupTable(makeLookupTable(colormap(), range));
    bar->SetTitle("barrier");
    bar->SetNumberOfLabels(5);
    bar->SetWidth(kBarWidth);
    bar->SetHeight(0.6);
    bar->SetPosition(kBarLeft, 0.2);
    styleText(bar->GetTitleTextProperty(), 13);
    styleText(bar->GetLabelTextProperty(), 12);
    view_->renderer()->AddViewProp(bar);
}

BarrierHeatmap::Margins BarrierHeatmap::measureMargins(double cellPixels) const {
    const int* pixels = view_->renderer()->GetSize();
    const int dpi = view_->renderWindow()->GetDPI();
    vtkTextRenderer* text = vtkTextRenderer::GetInstance();
    auto box = [&](vtkTextActor* actor, int bbox[4]) {
        bbox[0] = bbox[1] = bbox[2] = bbox[3] = 0;
        if (text && actor->GetInput())
            text->GetBoundingBox(actor->GetTextProperty(), actor->GetInput(), bbox, dpi);
    };
    // Names sit 0.1 cell away from the cells; kGap more pixels keep them off the edge.
    const double offset = 0.1 * cellPixels;
    Margins m;
    m.right = (1.0 - kBarLeft) * pixels[0] + kGap;  // the colour bar and its numbers
    int bbox[4];
    for (const auto& row : rowLabels_) {
        box(row, bbox);
        m.left = std::max(m.left, -bbox[0] + offset + kGap);
    }
    for (std::size_t k = 0; k < columnLabels_.size(); ++k) {
        box(columnLabels_[k], bbox);
        m.bottom = std::max(m.bottom, -bbox[2] + offset + kGap);
        // A slanted name reaches left of its column: past the first columns' edge?
        const double anchor = (double(k) + 0.5) * cellPixels;
        m.left = std::max(m.left, -bbox[0] - anchor + kGap);
    }
    if (titleActor_) {
        box(titleActor_, bbox);
        m.top = (1.0 - 0.97) * pixels[1] + (bbox[3] - bbox[2]) + kGap;
    }
    return m;
}

void BarrierHeatmap::fitCamera(vtkObject*, unsigned long, void*) {
    const double n = std::max<double>(1.0, double(matrix_.size()));
    const int* pixels = view_->renderer()->GetSize();
    const double width = std::max(1, pixels[0]), height = std::max(1, pixels[1]);
    // The margins depend on the cell size (name offsets, slanted names) and the
    // cell size on the margins: a few rounds, keeping the largest margins seen.
    Margins m;
    double side = std::min(width, height);
    for (int round = 0; round < 3; ++round) {
        const Margins next = measureMargins(side / n);
        m.left = std::max(m.left, next.left);
        m.right = std::max(m.right, next.right);
        m.bottom = std::max(m.bottom, next.bottom);
        m.top = std::max(m.top, next.top);
        side = std::max(1.0, std::min(width - m.left - m.right, height - m.bottom - m.top));
    }
    // The cells fill a square of `side` pixels, centred in the room left.
    const double worldPerPixel = n / side;
    const double x0 = m.left + (width - m.left - m.right - side) / 2;
    const double y0 = m.bottom + (height - m.bottom - m.top - side) / 2;
    const double cx = (width / 2 - x0) * worldPerPixel, cy = (height / 2 - y0) * worldPerPixel;
    vtkCamera* camera = view_->renderer()->GetActiveCamera();
    camera->ParallelProjectionOn();
    camera->SetFocalPoint(cx, cy, 0);
    camera->SetPosition(cx, cy, 10);
    camera->SetViewUp(0, 1, 0);
    camera->SetParallelScale(height / 2 * worldPerPixel);
    view_->renderer()->ResetCameraClippingRange();
}

std::vector<QRectF> BarrierHeatmap::labelBoxes() const {
    std::vector<QRectF> boxes;
    const double height = view_->renderer()->GetSize()[1];
    for (const auto* labels : {&rowLabels_, &columnLabels_})
        for (const auto& label : *labels) {
            // VTK's box is relative to the label's anchor: add where that is.
            double b[4];  // xmin, xmax, ymin, ymax; y up
            label->GetBoundingBox(view_->renderer(), b);
            const int* at =
                label->GetPositionCoordinate()->GetComputedViewportValue(view_->renderer());
            boxes.emplace_back(at[0] + b[0], height - (at[1] + b[3]), b[1] - b[0], b[3] - b[2]);
        }
    return boxes;
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
