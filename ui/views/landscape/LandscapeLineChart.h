#pragma once
// A 1-D slice: loss (left axis) and accuracy (right axis) against alpha, with
// the members that lie on the line marked on the loss curve.

#include "ui/rendering/TwoAxisChart.h"
#include "ui/views/landscape/LandscapeGrid.h"

namespace modescape::ui {

class LandscapeLineChart : public TwoAxisChart {
    Q_OBJECT
  public:
    explicit LandscapeLineChart(QWidget* parent = nullptr);

    void setGrid(const LandscapeGrid& grid);
};

}  // namespace modescape::ui
