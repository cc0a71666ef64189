#include "ui/rendering/TwoAxisChart.h"

#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextActor.h>
#include <vtkContextScene.h>
#include <vtkDoubleArray.h>
#include <vtkNew.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkRenderer.h>
#include <vtkStringArray.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

#include "ui/rendering/NiceTicks.h"
#include "ui/rendering/VtkView.h"

namespace modescape::ui {
namespace {

// VTK's sizes at a 96 dpi screen (its defaults are 12 for everything).
constexpr int kLabelSize = 12, kTitleSize = 13, kChartTitleSize = 14, kLegendSize = 12;
// Room along an axis per tick label at that size: about two text lines on a
// vertical axis, a typical label's width plus a gap on a horizontal one.
constexpr double kVerticalSpacing = 40, kHorizontalSpacing = 80;
// The chart's margins around the plot area (axis titles, labels, title).
constexpr double kHorizontalMargin = 130, kVerticalMargin = 110;

int scaled(int size, double scale) {
    return std::max(1, int(std::lround(size * scale)));
}

}  // namespace

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
    applyTextSizes();
}

void TwoAxisChart::setTextScale(double scale) {
    textScale_ = std::clamp(scale, 0.25, 16.0);
    applyTextSizes();
    placeTicks();
}

double TwoAxisChart::textScaleFor(QSize pictureSize) {
    return std::min(pictureSize.width() / 800.0, pictureSize.height() / 600.0);
}

void TwoAxisChart::applyTextSizes() {
    for (int which : {vtkAxis::BOTTOM, vtkAxis::LEFT, vtkAxis::RIGHT}) {
        vtkAxis* axis = chart_->GetAxis(which);
        axis->GetLabelProperties()->SetFontSize(scaled(kLabelSize, textScale_));
        axis->GetTitleProperties()->SetFontSize(scaled(kTitleSize, textScale_));
    }
    chart_->GetTitleProperties()->SetFontSize(scaled(kChartTitleSize, textScale_));
    chart_->GetLegend()->SetLabelSize(scaled(kLegendSize, textScale_));
}

void TwoAxisChart::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    placeTicks();
}

void TwoAxisChart::placeTicks() {
    // Lengths in screen pixels at 96 dpi, so the count does not grow with the text scale.
    const double screenWidth = std::max(1, width()) / textScale_,
                 screenHeight = std::max(1, height()) / textScale_;
    for (int which : {vtkAxis::BOTTOM, vtkAxis::LEFT, vtkAxis::RIGHT}) {
        vtkAxis* axis = chart_->GetAxis(which);
        // The data's range, as RecalculateBounds set it.
        const double lo = axis->GetUnscaledMinimum(), hi = axis->GetUnscaledMaximum();
        if (!std::isfinite(lo) || !std::isfinite(hi))
            continue;
        const bool horizontal = which == vtkAxis::BOTTOM;
        const double length =
            horizontal ? screenWidth - kHorizontalMargin : screenHeight - kVerticalMargin;
        const AxisTicks ticks = niceTicks(
            lo, hi, tickCountForLength(length, horizontal ? kHorizontalSpacing : kVerticalSpacing),
            false);
        vtkNew<vtkDoubleArray> positions;
        vtkNew<vtkStringArray> labels;
        for (double v : ticks.values) {
            positions->InsertNextValue(v);
            labels->InsertNextValue(tickLabel(v, ticks.step).toStdString());
        }
        axis->SetCustomTickPositions(positions, labels);
    }
    view_->requestRender();
}

vtkChartXY* TwoAxisChart::chart() const {
    return chart_;
}

void TwoAxisChart::clear() {
    chart_->ClearPlots();
    for (int which : {vtkAxis::BOTTOM, vtkAxis::LEFT, vtkAxis::RIGHT})
        chart_->GetAxis(which)->SetCustomTickPositions(nullptr);  // VTK's own until finish()
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
    placeTicks();
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
