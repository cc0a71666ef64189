#include "ui/views/connectivity/ConnectivityImages.h"

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/CurvePlaneView.h"

namespace modescape::ui {

QImage renderCurvePlane(const connectivity::CurvePlaneResult& plane, bool contour,
                        const ResolvedFigure& figure) {
    const QSize size = figure.pixels;
    CurvePlaneView view;
    view.resize(size);
    view.setMode(contour ? CurvePlaneView::Mode::Contour : CurvePlaneView::Mode::Surface);
    view.currentView()->setTextPixels(figureTextPixels(figure));
    showCurvePlane(view, plane);
    view.refreshHidden();
    return renderViewOffscreen(*view.vtkView(), size);
}

}  // namespace modescape::ui
