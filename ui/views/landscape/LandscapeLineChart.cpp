#include "ui/views/landscape/LandscapeLineChart.h"

#include <vtkChartXY.h>
#include <vtkPlotPoints.h>
#include <vtkTable.h>

#include <cmath>

#include "ui/rendering/VtkView.h"

namespace modescape::ui {

LandscapeLineChart::LandscapeLineChart(QWidget* parent)
    : TwoAxisChart("alpha", "loss", "accuracy", parent) {
    vtkView()->setObjectName("landscapeLineView");
}

void LandscapeLineChart::setGrid(const LandscapeGrid& grid) {
    clear();
    // Only computed points are plotted, so a slice in progress draws what it has.
    auto curve = makeChartTable({"alpha", "loss", "accuracy"});
    for (int i = 0; i < grid.nx(); ++i)
        if (std::isfinite(grid.lossAt(i, 0)))
            appendChartRow(curve, {grid.xs[i], grid.lossAt(i, 0), grid.accuracyAt(i, 0)});
    chart()->SetTitle(grid.title.toUtf8().constData());
    if (curve->GetNumberOfRows() > 0) {
        addLine(curve, 0, 1, QColor(31, 119, 180), nullptr, false);
        addLine(curve, 0, 2, QColor(214, 39, 40), nullptr, true);

        auto members = makeChartTable({"alpha", "loss"});
        for (const auto& marker : grid.markers) {
            int nearest = 0;
            for (int i = 1; i < grid.nx(); ++i)
                if (std::abs(grid.xs[i] - marker.x) < std::abs(grid.xs[nearest] - marker.x))
                    nearest = i;
            if (std::isfinite(grid.lossAt(nearest, 0)))
                appendChartRow(members, {marker.x, grid.lossAt(nearest, 0)});
        }
        if (members->GetNumberOfRows() > 0) {
            auto* points = vtkPlotPoints::SafeDownCast(chart()->AddPlot(vtkChart::POINTS));
            points->SetInputData(members, 0, 1);
            points->SetColor(0, 0, 0, 255);
            points->SetMarkerStyle(vtkPlotPoints::CIRCLE);
            points->SetMarkerSize(10.0);
            points->SetLabel("members");
        }
    }
    finish();
}

}  // namespace modescape::ui
