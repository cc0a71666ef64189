#pragma once
// The barrier-matrix analysis in the GUI: the pairwise barriers of the
// selection as a heatmap ordered by basin, filled in pair by pair.

#include "core/connectivity/BarrierMatrix.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"

namespace modescape::ui {

class BarrierHeatmap;

class BarrierMatrixPage : public AnalysisPage, public FigureSource {
    Q_OBJECT
  public:
    BarrierMatrixPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                      QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    FigurePaint figurePaint() override;

    const connectivity::BarrierMatrix& matrix() const { return matrix_; }
    BarrierHeatmap* heatmap() const { return heatmap_; }

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    BarrierHeatmap* heatmap_ = nullptr;
    connectivity::BarrierMatrix matrix_;
};

}  // namespace modescape::ui
