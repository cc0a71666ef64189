#include "ui/views/connectivity/ConnectivityImages.h"

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/CurvePlaneView.h"

namespace modescape::ui {

QImage renderCurvePlane(const connectivity::CurvePlaneResult& plane, bool contour, QSize size) {
    CurvePlaneView view;
    view.resize(size);
    view.setMode(contour ? CurvePlaneView::Mode::Contour : CurvePlaneView::Mode::Surface);
    showCurvePlane(view, plane);
    view.refreshHidden();
    return renderViewOffscreen(*view.vtkView(), size);
}

}  // namespace modescape::ui
