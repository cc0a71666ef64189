#include "ui/rendering/TwoAxisChart.h"

#include <QVBoxLayout>

#include <vtkAxis.h>
#include <vtkChartXY.h>
#include <vtkContextActor.h>
#include <vtkContextScene.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkRenderer.h>
#include <vtkTable.h>

#include "ui/rendering/VtkView.h"

namespace modescape::ui {

TwoAxisChart::TwoAxisChart(const char* xTitle, const char* leftTitle, const char* rightTitle,
                           QWidget* parent)
    : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new VtkView(this);
    layout->addWidget(view_);
    chart_ = vtkSmartPointer<vtkChartXY>::New();
    vtkNew<vtkContextActor> actor;
    actor->GetScene()->AddItem(chart_);
    view_->renderer()->AddActor(actor);
    chart_->SetShowLegend(true);
    chart_->GetAxis(vtkAxis::BOTTOM)->SetTitle(xTitle);
    chart_->GetAxis(vtkAxis::LEFT)->SetTitle(leftTitle);
    chart_->GetAxis(vtkAxis::RIGHT)->SetTitle(rightTitle);
}

vtkChartXY* TwoAxisChart::chart() const {
    return chart_;
}

void TwoAxisChart::clear() {
    chart_->ClearPlots();
}

vtkPlot* TwoAxisChart::addLine(vtkTable* table, int x, int y, const QColor& colour,
                               const char* label, bool rightAxis, bool dashed) {
    vtkPlot* line = chart_->AddPlot(vtkChart::LINE);
    line->SetInputData(table, x, y);
    line->SetColor(colour.red(), colour.green(), colour.blue(), 255);
    line->SetWidth(2.0);
    if (label)
        line->SetLabel(label);
    if (dashed)
        line->GetPen()->SetLineType(vtkPen::DASH_LINE);
    if (rightAxis)
        chart_->SetPlotCorner(line, 1);  // bottom-right: the right y axis
    return line;
}

void TwoAxisChart::finish() {
    chart_->RecalculateBounds();
    view_->requestRender();
}

vtkSmartPointer<vtkTable> makeChartTable(std::initializer_list<const char*> columns) {
    auto table = vtkSmartPointer<vtkTable>::New();
    for (const char* name : columns) {
        if (!name)
            continue;
        vtkNew<vtkDoubleArray> column;
        column->SetName(name);
        table->AddColumn(column);
    }
    return table;
}

void appendChartRow(vtkTable* table, std::initializer_list<double> values) {
    const vtkIdType row = table->InsertNextBlankRow();
    int column = 0;
    for (double v : values)
        table->SetValue(row, column++, v);
}

}  // namespace modescape::ui
