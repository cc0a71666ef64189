#pragma once
// The barrier-matrix analysis in the GUI: the pairwise barriers of the
// selection as a heatmap ordered by basin, filled in pair by pair.

#include <QPointer>

#include "core/connectivity/BarrierMatrix.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"

namespace modescape::ui {

class BarrierHeatmap;
class ResultFileFollower;

class BarrierMatrixPage : public AnalysisPage, public FigureSource {
    Q_OBJECT
  public:
    BarrierMatrixPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                      QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    FigurePaint figurePaint() override;

    // Follows `connect --matrix --out FILE` run elsewhere (docs/mpi.md): the
    // shared run's resume file pair by pair, then FILE (FollowedOutput.h).
    bool canFollowResultFile() const override { return true; }
    bool followResultFile(const QString& path) override;

    const connectivity::BarrierMatrix& matrix() const { return matrix_; }
    BarrierHeatmap* heatmap() const { return heatmap_; }

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    BarrierHeatmap* heatmap_ = nullptr;
    connectivity::BarrierMatrix matrix_;
};

}  // namespace modescape::ui
