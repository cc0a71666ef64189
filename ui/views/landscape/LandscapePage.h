#pragma once
// The loss-landscape tab: the slice as a 3-D surface (VTK), a contour map or
// a 1-D chart (both painted: vector figures). Its properties are the "landscape" analysis's form
// (AnalysisPage: Compute / Cancel / resume / partial rows) with the view and surface style below
// it, and buttons to open and save surface files.

#include <QPointer>

#include <memory>

#include "core/landscape/LandscapeResult.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"
#include "ui/rendering/RasterFigureSource.h"

class QComboBox;
class QStackedWidget;

namespace modescape::ui {

class ContourCanvas;
class LandscapeLineChart;
class ResultFileFollower;
class LandscapeSurfaceView;
class SurfaceStyleForm;
class VtkView;

class LandscapePage : public AnalysisPage, public FigureSource, public RasterFigureSource {
    Q_OBJECT
  public:
    LandscapePage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                  QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    QImage figureImage(double scale, bool transparentBackground, double textPixels) override;
    // The contour map's or the 1-D chart's paint function (vector exports);
    // none for the 3-D surface.
    FigurePaint figurePaint() override;

    // Shows a surface file (ours or the reference tool's HDF5); Compute then
    // continues it when it is partial.
    bool openSurfaceFile(const QString& path);
    bool saveSurfaceFile(const QString& path);

    // Follows a surface file a job elsewhere is filling (docs/mpi.md): the
    // .h5 and the journal of points beside it, shown again whenever either
    // changes, until the surface is complete.
    bool canFollowResultFile() const override { return true; }
    bool followResultFile(const QString& path) override;
    // The follower (null before followResultFile()).
    ResultFileFollower* follower() const;

    // The surface shown (empty before the first).
    const landscape::LandscapeResult& surface() const { return shown_; }
    LandscapeSurfaceView* surfaceView() const { return surface_; }
    ContourCanvas* contourView() const { return contour_; }
    LandscapeLineChart* lineChart() const { return line_; }

    // Sessions: {"view": "surface" | "contour" | "line"}, and the camera of
    // the surface when it is shown.
    nlohmann::json displaySettings() const override;
    void applyDisplaySettings(const nlohmann::json& settings) override;
    VtkView* cameraView() const override;

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    QWidget* buildDisplay();
    void showCurrentMode();
    VtkView* currentVtkView() const;

    bool reloadFollowed(const QString& path);

    landscape::LandscapeResult shown_;
    QPointer<ResultFileFollower> follower_;
    QStackedWidget* views_ = nullptr;
    LandscapeSurfaceView* surface_ = nullptr;
    ContourCanvas* contour_ = nullptr;
    LandscapeLineChart* line_ = nullptr;
    QComboBox* mode_ = nullptr;
    SurfaceStyleForm* styleForm_ = nullptr;
};

}  // namespace modescape::ui
