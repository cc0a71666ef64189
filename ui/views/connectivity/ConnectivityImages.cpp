#include "ui/views/connectivity/ConnectivityImages.h"

#include "ui/rendering/OffscreenRender.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/CurvePlaneView.h"

namespace modescape::ui {

QImage renderPathChart(const std::vector<connectivity::PathResult>& paths, PathChart::Split split,
                       QSize size) {
    PathChart chart;
    chart.resize(size);
    chart.setTextScale(TwoAxisChart::textScaleFor(size));
    chart.setPaths(paths, split);
    return renderViewOffscreen(*chart.vtkView(), size);
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
