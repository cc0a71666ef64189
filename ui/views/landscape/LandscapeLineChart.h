#pragma once
// A 1-D slice: loss (left axis) and accuracy (right axis, dashed) against α,
// with the members that lie on the line marked on the loss curve. Painted
// with the one 2-D chart (ui/rendering/LineChart), so `landscape --figure`
// of a 1-D grid is a vector SVG / PDF with real text.

#include "ui/rendering/LineChart.h"
#include "ui/views/landscape/LandscapeGrid.h"

namespace modescape::ui {

class LandscapeLineChart : public LineChartWidget {
    Q_OBJECT
  public:
    explicit LandscapeLineChart(QWidget* parent = nullptr);

    void setGrid(const LandscapeGrid& grid);
    // What the chart draws for a 1-D grid: loss, accuracy, then the members.
    static LineChartData chartData(const LandscapeGrid& grid);
};

}  // namespace modescape::ui
