#include "ui/views/trajectory/TrajectoryImage.h"

#include "ui/rendering/OffscreenRender.h"
#include "ui/views/trajectory/TrajectoryContour.h"
#include "ui/views/trajectory/TrajectoryView.h"

namespace modescape::ui {

QImage renderTrajectoryImage(const trajectory::TrajectoryResult& result, bool contour, QSize size) {
    if (contour) {
        ResolvedFigure figure;
        figure.pixels = size;
        return FigureWriter(figure).paintImage(trajectoryContourPaint(result));
    }
    TrajectoryView view;
    view.resize(size);
    view.setMode(TrajectoryView::Mode::Surface);
    view.setResult(result);
    view.refreshHidden();
    return renderViewOffscreen(*view.vtkView(), size);
}

}  // namespace modescape::ui
