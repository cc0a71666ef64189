#include "ui/views/connectivity/ConnectivityImages.h"

#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/CurvePlaneView.h"

namespace modescape::ui {

QImage renderPathChart(const std::vector<connectivity::PathResult>& paths, PathChart::Split split,
                       QSize size) {
    // Painted like the widget: text scaled from its 800x600 screen look.
    const ResolvedFigure figure = resolveFigure(FigureSize::fromPixels(size), kPathChartSize);
    return FigureWriter(figure).paintImage(lineChartPaint(PathChart::chartData(paths, split)));
}

QImage renderCurvePlane(const connectivity::CurvePlaneResult& plane, bool contour, QSize size) {
    CurvePlaneView view;
    view.resize(size);
    view.setMode(contour ? CurvePlaneView::Mode::Contour : CurvePlaneView::Mode::Surface);
    showCurvePlane(view, plane);
    view.refreshHidden();
    return renderViewOffscreen(*view.vtkView(), size);
}

void writePathChartImage(const std::vector<connectivity::PathResult>& paths, PathChart::Split split,
                         const std::string& path, QSize size) {
    ensureOffscreenApplication();
    writeImageFile(renderPathChart(paths, split, size), QString::fromStdString(path));
}

void writeCurvePlaneImage(const connectivity::CurvePlaneResult& plane, bool contour,
                          const std::string& path, QSize size) {
    ensureOffscreenApplication();
    writeImageFile(renderCurvePlane(plane, contour, size), QString::fromStdString(path));
}

}  // namespace modescape::ui
