#pragma once
// A VTK 2-D chart in a VtkView with values on a left axis and a second
// quantity on a right axis (loss and accuracy against alpha or t): the setup
// and the table plumbing the 1-D landscape slice and the path chart share.

#include <QColor>
#include <QWidget>

#include <initializer_list>

#include <vtkSmartPointer.h>

class vtkChartXY;
class vtkPlot;
class vtkTable;

namespace modescape::ui {

class VtkView;

class TwoAxisChart : public QWidget {
    Q_OBJECT
  public:
    TwoAxisChart(const char* xTitle, const char* leftTitle, const char* rightTitle,
                 QWidget* parent = nullptr);

    VtkView* vtkView() const { return view_; }
    vtkChartXY* chart() const;

    // Removes every plot (call before adding the new ones, then finish()).
    void clear();
    // A line of table column y against column x, on the right axis when asked.
    vtkPlot* addLine(vtkTable* table, int x, int y, const QColor& colour, const char* label,
                     bool rightAxis, bool dashed = false);
    // Rescales the axes to the plots and schedules a render.
    void finish();

  private:
    VtkView* view_ = nullptr;
    vtkSmartPointer<vtkChartXY> chart_;
};

// A table of double columns with these names (null names are skipped).
vtkSmartPointer<vtkTable> makeChartTable(std::initializer_list<const char*> columns);
void appendChartRow(vtkTable* table, std::initializer_list<double> values);

}  // namespace modescape::ui
