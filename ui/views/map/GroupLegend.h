#pragma once
// The map's legend: one line per group, "name" and a swatch of its colour,
// stacked down from the top-right corner at a fixed pixel size (VTK's legend
// box shrinks its text to fit its box instead, unreadably for few groups).

#include <string>
#include <vector>

#include <vtkNew.h>
#include <vtkSmartPointer.h>

class vtkActor2D;
class vtkCoordinate;
class vtkRenderer;
class vtkTextActor;

namespace modescape::ui {

class GroupLegend {
  public:
    explicit GroupLegend(vtkRenderer* renderer);
    ~GroupLegend();
    GroupLegend(const GroupLegend&) = delete;
    GroupLegend& operator=(const GroupLegend&) = delete;

    // Entry i is drawn in groupColour(i).
    void setEntries(const std::vector<std::string>& names, double scale);
    void setVisible(bool visible);

  private:
    void clear();

    vtkRenderer* renderer_;
    vtkNew<vtkCoordinate> corner_;  // the viewport's top-right corner
    std::vector<vtkSmartPointer<vtkTextActor>> texts_;
    std::vector<vtkSmartPointer<vtkActor2D>> swatches_;
    bool visible_ = true;
};

}  // namespace modescape::ui
