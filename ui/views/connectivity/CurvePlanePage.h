#pragma once
// The curve-plane analysis in the GUI: a trained curve drawn on the loss
// landscape of the plane through A, B and its middle bend, as a surface (VTK)
// or a painted contour map (the same numbers as `modescape curve-plane`).

#include "core/connectivity/CurvePlaneResult.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"
#include "ui/rendering/RasterFigureSource.h"

namespace modescape::ui {

class CurvePlaneView;

class CurvePlanePage : public AnalysisPage, public FigureSource, public RasterFigureSource {
    Q_OBJECT
  public:
    CurvePlanePage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                   QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    QImage figureImage(double scale, bool transparentBackground, double textPixels) override;
    // The contour map's paint function (a vector figure); none for the surface.
    FigurePaint figurePaint() override;

    const connectivity::CurvePlaneResult& plane() const { return plane_; }
    CurvePlaneView* view() const { return view_; }

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    CurvePlaneView* view_ = nullptr;
    connectivity::CurvePlaneResult plane_;
};

}  // namespace modescape::ui
