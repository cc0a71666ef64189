#pragma once
// A 1-D slice: loss (left axis) and accuracy (right axis) against alpha, with
// the members that lie on the line marked on the loss curve.

#include <QWidget>

#include <vtkSmartPointer.h>

#include "ui/views/landscape/LandscapeGrid.h"

class vtkChartXY;

namespace modescape::ui {

class VtkView;

class LandscapeLineChart : public QWidget {
    Q_OBJECT
  public:
    explicit LandscapeLineChart(QWidget* parent = nullptr);

    VtkView* vtkView() const { return view_; }
    void setGrid(const LandscapeGrid& grid);

  private:
    VtkView* view_ = nullptr;
    vtkSmartPointer<vtkChartXY> chart_;
};

}  // namespace modescape::ui
