#pragma once
// VTK's cube axes with the two offsets its 2-D text mode keeps in fixed
// pixels (the x title 40 below its axis, the y title 50 left of it) set
// from the figure's text, so titles clear their tick labels at any DPI.

#include <vtkCubeAxesActor.h>

namespace modescape::ui {

class FigureCubeAxes : public vtkCubeAxesActor {
  public:
    static FigureCubeAxes* New();
    vtkTypeMacro(FigureCubeAxes, vtkCubeAxesActor);

    // Pixels from where VTK puts the titles: x titles down, y titles left.
    void setTitleOffsets2D(double xTitleDown, double yTitleLeft);

  protected:
    FigureCubeAxes() = default;
};

}  // namespace modescape::ui
