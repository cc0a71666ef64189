#pragma once
// The "Trajectory" tab: the "trajectory" analysis (core/analysis/
// TrajectoryAnalysis.h) drawn as its paths on the surface of their PCA plane
// (TrajectoryView), as a 3-D surface or a contour map, with a readout of
// every member's coordinates and projection error under it.

#include <memory>

#include "core/trajectory/TrajectoryResult.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"

class QComboBox;
class QTableWidget;

namespace modescape::ui {

class TrajectoryView;

class TrajectoryPage : public AnalysisPage, public FigureSource {
    Q_OBJECT
  public:
    TrajectoryPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                   QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    // The contour map's paint function (a vector figure); none for the surface.
    FigurePaint figurePaint() override;
    nlohmann::json displaySettings() const override;
    void applyDisplaySettings(const nlohmann::json& settings) override;
    VtkView* cameraView() const override;

    TrajectoryView* view() const { return view_; }
    QTableWidget* memberTable() const { return table_; }
    bool hasResult() const { return shown_; }

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    void fillTable(const trajectory::TrajectoryResult& result);

    TrajectoryView* view_ = nullptr;
    QComboBox* mode_ = nullptr;
    QTableWidget* table_ = nullptr;
    bool shown_ = false;
};

}  // namespace modescape::ui
