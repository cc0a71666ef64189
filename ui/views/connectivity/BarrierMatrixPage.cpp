#include "ui/views/connectivity/BarrierMatrixPage.h"

#include <QVBoxLayout>

#include "core/analysis/BarrierMatrixAnalysis.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/BarrierHeatmap.h"

namespace modescape::ui {

BarrierMatrixPage::BarrierMatrixPage(JobRunner* runner,
                                     std::shared_ptr<analysis::SetWorkspace> workspace,
                                     QWidget* parent)
    : AnalysisPage(analysis::barrierMatrixAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    heatmap_ = new BarrierHeatmap(this);
    layout->addWidget(heatmap_);
}

void BarrierMatrixPage::showResult(const std::any& result, bool) {
    matrix_ = std::any_cast<const connectivity::BarrierMatrix&>(result);
    heatmap_->setMatrix(matrix_);
}

QImage BarrierMatrixPage::exportImage(double scale, bool transparentBackground) {
    return heatmap_->vtkView()->grabScene(scale, transparentBackground);
}

}  // namespace modescape::ui
