#include "ui/views/calibration/ReliabilityDiagramPage.h"

#include <QLabel>
#include <QVBoxLayout>

#include <string>

#include "core/analysis/CalibrateAnalysis.h"
#include "core/analysis/CalibrateResultFile.h"
#include "core/analysis/ResidentCalibrations.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/views/calibration/ReliabilityDiagramWidget.h"

namespace modescape::ui {
namespace {

// Owns the page's share of the workspace's resident calibration: a child,
// so the predictions are let go with the page.
class ResidentCalibrationOwner : public QObject {
  public:
    ResidentCalibrationOwner(std::shared_ptr<evaluation::ResidentCalibration> kept, QObject* parent)
        : QObject(parent), kept_(std::move(kept)) {}

  private:
    std::shared_ptr<evaluation::ResidentCalibration> kept_;
};

// Whose predictions the diagram shows: a group's or the chosen members' model
// average, or one member.
std::string subjectOf(const analysis::CalibrateResult& result) {
    const auto& names = result.calibrated.names;
    const std::string count = " (" + std::to_string(names.size()) + " members)";
    if (!result.group.empty())
        return result.group + " BMA" + count;
    if (names.size() == 1)
        return names.front();
    return "selection BMA" + count;
}

}  // namespace

ReliabilityDiagramPage::ReliabilityDiagramPage(JobRunner* runner,
                                               std::shared_ptr<analysis::SetWorkspace> workspace,
                                               QWidget* parent)
    : AnalysisPage(analysis::calibrateAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new ReliabilityDiagramWidget(this);
    view_->setObjectName("reliabilityView");
    layout->addWidget(view_);

    summary_ = new QLabel(this);
    summary_->setObjectName("reliabilitySummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    addDisplayProperties(summary_);
    // The members' predictions stay in memory after the first run
    // (core/analysis/ResidentCalibrations.h), so a new selection re-aggregates from running sums
    // (only the members that changed are read) on the worker; every change computes (once per
    // burst).
    new ResidentCalibrationOwner(analysis::keepCalibrationResident(*this->workspace()), this);
    computeOnChange();
}

void ReliabilityDiagramPage::setValue(const std::string& parameter, const nlohmann::json& value) {
    analysis::ParameterValues values = form()->rawValues();
    values[parameter] = value;
    form()->setValues(values);
}

void ReliabilityDiagramPage::showResult(const std::any& any, bool complete) {
    if (!complete)
        return;  // calibrate reports no partial results
    const auto& result = std::any_cast<const analysis::CalibrateResult&>(any);
    const calibration::CalibrationReport& report = result.calibrated.report;
    diagram_ = {report.table, subjectOf(result), report.curves, report.bma.aurc,
                report.bma.smoothEce};
    view_->setData(diagram_);
    const auto& m = report.bma;
    summary_->setText(
        tr("Accuracy %1%, NLL %2, Brier %3<br>ECE %4%, adaptive ECE %5%, MCE %6%, RMSCE %7%")
            .arg(100 * m.accuracy, 0, 'f', 2)
            .arg(m.nll, 0, 'f', 4)
            .arg(m.brier, 0, 'f', 4)
            .arg(100 * m.ece, 0, 'f', 2)
            .arg(100 * m.adaptiveEce, 0, 'f', 2)
            .arg(100 * m.mce, 0, 'f', 2)
            .arg(100 * m.rmsce, 0, 'f', 2) +
        tr("<br>AURC %1, smooth ECE %2%, signed ECE %3% (%4), class-wise ECE %5%")
            .arg(m.aurc, 0, 'f', 4)
            .arg(100 * m.smoothEce, 0, 'f', 2)
            .arg(100 * m.signedEce, 0, 'f', 2)
            .arg(m.signedEce > 0 ? tr("over-confident") : tr("under-confident"))
            .arg(100 * m.classwiseEce, 0, 'f', 2));
    ++updates_;
    Q_EMIT diagramChanged();
}

QString ReliabilityDiagramPage::resultSummary(const std::any& any) const {
    const auto& result = std::any_cast<const analysis::CalibrateResult&>(any);
    const auto& m = result.calibrated.report.bma;
    return tr("%1 on %2: accuracy %3%, NLL %4, ECE %5%")
        .arg(QString::fromStdString(subjectOf(result)), QString::fromStdString(result.split))
        .arg(100 * m.accuracy, 0, 'f', 2)
        .arg(m.nll, 0, 'f', 4)
        .arg(100 * m.ece, 0, 'f', 2);
}

QImage ReliabilityDiagramPage::exportImage(double scale, bool transparentBackground) {
    // The screen look scaled: the view's size and text times `scale`.
    ResolvedFigure figure;
    figure.pixels = (QSizeF(view_->size()) * scale).toSize().expandedTo(QSize(16, 16));
    figure.dpi = kScreenDpi * scale;
    figure.fontPoints =
        view_->font().pointSizeF() > 0 ? view_->font().pointSizeF() : kScreenFontPoints;
    figure.transparent = transparentBackground;
    return FigureWriter(figure).paintImage(figurePaint());
}

FigurePaint ReliabilityDiagramPage::figurePaint() {
    return
        [this](QPainter& painter, const QRectF& bounds) { view_->scene().paint(painter, bounds); };
}

bool ReliabilityDiagramPage::followResultFile(const QString& path) {
    // `calibrate --out` keeps the result cache file's fields ("exact") for this.
    return followJsonResultFile(
        path, [](const nlohmann::json& j) { return std::any(analysis::calibrateFromFileJson(j)); },
        true);
}

}  // namespace modescape::ui
