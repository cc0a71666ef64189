#include "ui/views/connectivity/ConnectivityImages.h"

#include <QPainter>

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/RasterFigureSource.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/CurvePlaneView.h"
#include "ui/views/landscape/ContourFigure.h"

namespace modescape::ui {

QImage renderCurvePlane(const connectivity::CurvePlaneResult& plane, bool contour,
                        const ResolvedFigure& figure) {
    if (contour)
        return FigureWriter(figure).paintImage(curvePlaneContourPaint(plane));
    const QSize size = figure.pixels;
    CurvePlaneView view;
    view.resize(size);
    view.setMode(CurvePlaneView::Mode::Surface);
    view.surfaceView()->setTextPixels(figureTextPixels(figure));
    showCurvePlane(view, plane);
    view.refreshHidden();
    return renderViewOffscreen(*view.vtkView(), size);
}

FigurePaint curvePlaneContourPaint(const connectivity::CurvePlaneResult& plane) {
    return [grid = curvePlaneGrid(plane), overlay = contourOverlayOf(curvePlanePaths(plane))](
               QPainter& painter, const QRectF& bounds) {
        paintContour(painter, bounds, grid, SurfaceStyle(), overlay);
    };
}

}  // namespace modescape::ui
