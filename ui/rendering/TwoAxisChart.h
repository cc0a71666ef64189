#pragma once
// A VTK 2-D chart in a VtkView with values on a left axis and a second
// quantity on a right axis (loss and accuracy against alpha or t): the setup
// and the table plumbing the 1-D landscape slice and the path chart share.
// Ticks come from ui/rendering/NiceTicks (count from the axis length), text
// sizes from the text scale, so a 1600x1200 figure has the ticks of an
// 800x600 one and text twice as high.

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
    // Rescales the axes to the plots (ticks at nice values, as many as each
    // axis's length has room for) and schedules a render.
    void finish();
    // Text sizes and tick spacing are for a 96 dpi screen; a figure rendered
    // at s times that resolution sets s (text s times higher, same ticks).
    void setTextScale(double scale);
    double textScale() const { return textScale_; }
    // The text scale of a picture of this size: 1 at 800x600, the screen look.
    static double textScaleFor(QSize pictureSize);

  protected:
    void resizeEvent(QResizeEvent* event) override;

  private:
    void applyTextSizes();
    // Nice ticks on the bottom, left and right axes for the current size.
    void placeTicks();

    VtkView* view_ = nullptr;
    vtkSmartPointer<vtkChartXY> chart_;
    double textScale_ = 1.0;
};

// A table of double columns with these names (null names are skipped).
vtkSmartPointer<vtkTable> makeChartTable(std::initializer_list<const char*> columns);
void appendChartRow(vtkTable* table, std::initializer_list<double> values);

}  // namespace modescape::ui
