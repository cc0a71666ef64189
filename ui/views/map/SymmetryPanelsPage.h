#pragma once
// The "Symmetry panels" tab, the figures of Laurent et al. (ICLR 2024) for
// the open set: a chosen pair of weights as 2-D histograms, raw beside
// symmetry-removed; per group the unit holding a layer's largest weight, raw
// and removed; L2 mass vs minimal mass with the excess-mass histogram; and the
// group x group MMD table in the removed space. One worker job reads every
// member once; changing the bins re-bins without reading again.

#include <memory>

#include "core/projection/Mmd.h"
#include "core/symmetry/SymmetryPanels.h"
#include "ui/views/ViewPage.h"
#include "ui/views/map/SymmetryPanelsGrid.h"

class QComboBox;
class QLabel;
class QPushButton;
class QSpinBox;

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class JobRunner;
class MassPanel;
class MaxUnitHistogramPanel;
class MmdTableWidget;
class WeightPairHistogramPanel;

class SymmetryPanelsPage : public ViewPage {
    Q_OBJECT
  public:
    SymmetryPanelsPage(JobRunner* runner, std::shared_ptr<const io::CheckpointSet> set,
                       QWidget* parent = nullptr);

    QWidget* propertiesWidget() override { return properties_; }
    QImage exportImage(double scale, bool transparentBackground) override;

    // Computes with the form's settings on the worker; returns the job id (0 when busy).
    int compute();
    void cancel();
    void setBins(int bins);
    void setPair(const QString& tensor, int elementA, int elementB);
    void setIndexTensor(const QString& tensor);

    WeightPairHistogramPanel* rawPairPanel() const { return grid_->rawPair(); }
    WeightPairHistogramPanel* removedPairPanel() const { return grid_->removedPair(); }
    MaxUnitHistogramPanel* rawUnitPanel() const { return grid_->rawUnit(); }
    MaxUnitHistogramPanel* removedUnitPanel() const { return grid_->removedUnit(); }
    MassPanel* massPanel() const { return grid_->mass(); }
    MmdTableWidget* mmdTable() const { return mmd_; }
    const symmetry::SymmetryPanelData* data() const { return data_.get(); }
    QString status() const;

  Q_SIGNALS:
    void computeFinished(bool completed);

  private:
    QWidget* buildProperties();
    void fillTensorChoices();
    symmetry::SymmetryPanelOptions options() const;
    void showData();
    void setStatus(const QString& text);

    JobRunner* runner_;
    std::shared_ptr<const io::CheckpointSet> set_;
    std::shared_ptr<const symmetry::SymmetryPanelData> data_;
    int job_ = 0;

    SymmetryPanelsGrid* grid_ = nullptr;
    MmdTableWidget* mmd_ = nullptr;

    QWidget* properties_ = nullptr;
    QComboBox* pairTensor_ = nullptr;
    QSpinBox* elementA_ = nullptr;
    QSpinBox* elementB_ = nullptr;
    QComboBox* indexTensor_ = nullptr;
    QComboBox* removedSpace_ = nullptr;
    QSpinBox* bins_ = nullptr;
    QPushButton* computeButton_ = nullptr;
    QPushButton* cancelButton_ = nullptr;
    QLabel* status_ = nullptr;
};

}  // namespace modescape::ui
