#include "ui/views/connectivity/BarrierMatrixPage.h"

#include <QVBoxLayout>

#include "core/analysis/BarrierMatrixAnalysis.h"
#include "core/analysis/ResultFileJson.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/rendering/FigureWriter.h"
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

bool BarrierMatrixPage::followResultFile(const QString& path) {
    // The output and the resume file hold what resultJson writes.
    return followJsonResultFile(
        path,
        [](const nlohmann::json& j) { return std::any(analysis::barrierMatrixFromFileJson(j)); },
        false);
}

QImage BarrierMatrixPage::exportImage(double scale, bool transparentBackground) {
    // The screen look scaled: the view's size and text times `scale`.
    ResolvedFigure figure;
    figure.pixels = (QSizeF(heatmap_->size()) * scale).toSize().expandedTo(QSize(16, 16));
    figure.dpi = kScreenDpi * scale;
    figure.fontPoints =
        heatmap_->font().pointSizeF() > 0 ? heatmap_->font().pointSizeF() : kScreenFontPoints;
    figure.transparent = transparentBackground;
    return FigureWriter(figure).paintImage(figurePaint());
}

FigurePaint BarrierMatrixPage::figurePaint() {
    return [this](QPainter& painter, const QRectF& bounds) {
        heatmap_->figure().paint(painter, bounds);
    };
}

}  // namespace modescape::ui
