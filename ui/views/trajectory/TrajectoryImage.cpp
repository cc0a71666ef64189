#include "ui/views/trajectory/TrajectoryImage.h"

#include "ui/rendering/OffscreenRender.h"
#include "ui/views/trajectory/TrajectoryView.h"

namespace modescape::ui {

QImage renderTrajectoryImage(const trajectory::TrajectoryResult& result, bool contour, QSize size) {
    TrajectoryView view;
    view.resize(size);
    view.setMode(contour ? TrajectoryView::Mode::Contour : TrajectoryView::Mode::Surface);
    view.setResult(result);
    view.refreshHidden();
    return renderViewOffscreen(*view.vtkView(), size);
}

}  // namespace modescape::ui
