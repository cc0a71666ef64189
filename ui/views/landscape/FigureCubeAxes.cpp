#include "ui/views/landscape/FigureCubeAxes.h"

#include <vtkAxisActor.h>
#include <vtkObjectFactory.h>

namespace modescape::ui {

vtkStandardNewMacro(FigureCubeAxes);

void FigureCubeAxes::setTitleOffsets2D(double xTitleDown, double yTitleLeft) {
    for (int k = 0; k < NUMBER_OF_ALIGNED_AXIS; ++k) {
        XAxes[k]->SetVerticalOffsetXTitle2D(-xTitleDown);
        YAxes[k]->SetHorizontalOffsetYTitle2D(-yTitleLeft);
    }
}

}  // namespace modescape::ui
