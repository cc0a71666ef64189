#include "ui/views/landscape/LandscapeLineChart.h"

#include <QVBoxLayout>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextActor.h>
#include <vtkContextScene.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkPlotPoints.h>
#include <vtkRenderer.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

#include <cmath>

#include "ui/view/VtkView.h"

namespace modescape::ui {

namespace {

vtkSmartPointer<vtkTable> makeTable(const char* x, const char* y1, const char* y2) {
    auto table = vtkSmartPointer<vtkTable>::New();
    for (const char* name : {x, y1, y2}) {
        if (!name)
            continue;
        vtkNew<vtkDoubleArray> column;
        column->SetName(name);
        table->AddColumn(column);
    }
    return table;
}

void appendRow(vtkTable* table, std::initializer_list<double> values) {
    vtkIdType row = table->InsertNextBlankRow();
    int column = 0;
    for (double v : values)
        table->SetValue(row, column++, v);
}

}  // namespace

LandscapeLineChart::LandscapeLineChart(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new VtkView(this);
    view_->setObjectName("landscapeLineView");
    layout->addWidget(view_);
    chart_ = vtkSmartPointer<vtkChartXY>::New();
    vtkNew<vtkContextActor> actor;
    actor->GetScene()->AddItem(chart_);
    view_->renderer()->AddActor(actor);
    chart_->SetShowLegend(true);
    chart_->GetAxis(vtkAxis::BOTTOM)->SetTitle("alpha");
    chart_->GetAxis(vtkAxis::LEFT)->SetTitle("loss");
    chart_->GetAxis(vtkAxis::RIGHT)->SetTitle("accuracy");
}

void LandscapeLineChart::setGrid(const LandscapeGrid& grid) {
    chart_->ClearPlots();
    // Only computed points are plotted, so a slice in progress draws what it has.
    auto curve = makeTable("alpha", "loss", "accuracy");
    for (int i = 0; i < grid.nx(); ++i)
        if (std::isfinite(grid.lossAt(i, 0)))
            appendRow(curve, {grid.xs[i], grid.lossAt(i, 0), grid.accuracyAt(i, 0)});
    chart_->SetTitle(grid.title.toUtf8().constData());
    if (curve->GetNumberOfRows() > 0) {
        vtkPlot* loss = chart_->AddPlot(vtkChart::LINE);
        loss->SetInputData(curve, 0, 1);
        loss->SetColor(31, 119, 180, 255);
        loss->SetWidth(2.0);
        vtkPlot* accuracy = chart_->AddPlot(vtkChart::LINE);
        accuracy->SetInputData(curve, 0, 2);
        accuracy->SetColor(214, 39, 40, 255);
        accuracy->SetWidth(2.0);
        chart_->SetPlotCorner(accuracy, 1);  // bottom-right: the right y axis

        auto members = makeTable("alpha", "loss", nullptr);
        for (const auto& marker : grid.markers) {
            int nearest = 0;
            for (int i = 1; i < grid.nx(); ++i)
                if (std::abs(grid.xs[i] - marker.x) < std::abs(grid.xs[nearest] - marker.x))
                    nearest = i;
            if (std::isfinite(grid.lossAt(nearest, 0)))
                appendRow(members, {marker.x, grid.lossAt(nearest, 0)});
        }
        if (members->GetNumberOfRows() > 0) {
            auto* points = vtkPlotPoints::SafeDownCast(chart_->AddPlot(vtkChart::POINTS));
            points->SetInputData(members, 0, 1);
            points->SetColor(0, 0, 0, 255);
            points->SetMarkerStyle(vtkPlotPoints::CIRCLE);
            points->SetMarkerSize(10.0);
            points->SetLabel("members");
        }
    }
    chart_->RecalculateBounds();
    view_->requestRender();
}

}  // namespace modescape::ui
