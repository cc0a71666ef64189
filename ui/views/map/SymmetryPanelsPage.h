#pragma once
// The "Symmetry panels" tab, the figures of Laurent et al. (ICLR 2024) for
// the open set: a chosen pair of weights as 2-D histograms, raw beside
// symmetry-removed; per group the unit holding a layer's largest weight, raw
// and removed; L2 mass vs minimal mass with the excess-mass histogram; and the
// group x group MMD table in the removed space. The "panels" analysis computes
// all of it (one read of every member, core/analysis/PanelsAnalysis.h); this
// page only draws it. Changing the bins re-counts without reading again.
// Beside the MMD table, the symmetry groups the removal used (SymmetrySpecPanel).

#include <memory>

#include "core/symmetry/SymmetryPanelsResult.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/rendering/FigureSource.h"
#include "ui/views/map/SymmetryPanelsGrid.h"

namespace modescape::ui {

class MassPanel;
class MaxUnitHistogramPanel;
class MmdTableWidget;
class SymmetrySpecPanel;
class WeightPairHistogramPanel;

class SymmetryPanelsPage : public AnalysisPage, public FigureSource {
    Q_OBJECT
  public:
    SymmetryPanelsPage(JobRunner* runner, std::shared_ptr<analysis::SetWorkspace> workspace,
                       QWidget* parent = nullptr);

    QImage exportImage(double scale, bool transparentBackground) override;
    FigurePaint figurePaint() override;

    // The form's values, as a user would set them.
    void setBins(int bins);
    void setPair(const QString& tensor, int elementA, int elementB);
    void setIndexTensor(const QString& tensor);

    WeightPairHistogramPanel* rawPairPanel() const { return grid_->rawPair(); }
    WeightPairHistogramPanel* removedPairPanel() const { return grid_->removedPair(); }
    MaxUnitHistogramPanel* rawUnitPanel() const { return grid_->rawUnit(); }
    MaxUnitHistogramPanel* removedUnitPanel() const { return grid_->removedUnit(); }
    MassPanel* massPanel() const { return grid_->mass(); }
    MmdTableWidget* mmdTable() const { return mmd_; }
    // The symmetry groups the removed side used, and "Save spec next to set".
    SymmetrySpecPanel* specPanel() const { return specPanel_; }
    // The result shown (nullptr before the first), with the panels' current counts.
    const symmetry::SymmetryPanelsResult* panels() const { return shown_.get(); }
    const symmetry::SymmetryPanelData* data() const { return shown_ ? &shown_->data : nullptr; }
    QString status();

  protected:
    void showResult(const std::any& result, bool complete) override;

  private:
    void setValue(const char* name, const nlohmann::json& value);
    void offerTensors();
    void rebin();

    SymmetryPanelsGrid* grid_ = nullptr;
    MmdTableWidget* mmd_ = nullptr;
    SymmetrySpecPanel* specPanel_ = nullptr;
    std::shared_ptr<symmetry::SymmetryPanelsResult> shown_;
};

}  // namespace modescape::ui
