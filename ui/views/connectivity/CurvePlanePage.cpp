#include "ui/views/connectivity/CurvePlanePage.h"

#include <QVBoxLayout>

#include "core/analysis/CurvePlaneAnalysis.h"
#include "ui/views/connectivity/CurvePlaneView.h"
#include "ui/views/landscape/ContourCanvas.h"

namespace modescape::ui {

CurvePlanePage::CurvePlanePage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                               QWidget* parent)
    : AnalysisPage(analysis::curvePlaneAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new CurvePlaneView(this);
    layout->addWidget(view_);
}

void CurvePlanePage::showResult(const std::any& result, bool) {
    const auto& outcome = std::any_cast<const analysis::CurvePlaneOutcome&>(result);
    if (outcome.plane.surface.xs.empty())
        return;  // still training the curve: nothing to draw on the plane yet
    plane_ = outcome.plane;
    showCurvePlane(*view_, plane_);
}

QImage CurvePlanePage::exportImage(double scale, bool transparentBackground) {
    return figureImage(scale, transparentBackground, 0.0);
}

QImage CurvePlanePage::figureImage(double scale, bool transparentBackground, double textPixels) {
    if (view_->mode() == CurvePlaneView::Mode::Contour)
        return view_->contourCanvas()->figureImage(scale, transparentBackground);
    // Without the clicked point's readout, text sized for the figure.
    return view_->surfaceView()->grabFigure(scale, transparentBackground, false, textPixels);
}

FigurePaint CurvePlanePage::figurePaint() {
    if (view_->mode() != CurvePlaneView::Mode::Contour)
        return {};
    view_->refreshHidden();  // a hidden view is brought up to date only when asked
    return view_->contourCanvas()->figurePaint();
}

}  // namespace modescape::ui
