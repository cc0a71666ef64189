#include "ui/views/calibration/UncertaintyPage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

#include "core/analysis/UncertaintyAnalysis.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/rendering/LineChart.h"

namespace modescape::ui {

UncertaintyPage::UncertaintyPage(JobRunner* runner,
                                 std::shared_ptr<analysis::SetWorkspace> workspace, QWidget* parent)
    : AnalysisPage(analysis::uncertaintyAnalysis(), runner, std::move(workspace), parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    chart_ = new LineChartWidget(this);
    chart_->setObjectName("uncertaintyView");
    layout->addWidget(chart_);
    addDisplayProperties(buildDisplayProperties());

    // Re-aggregating cached predictions is quick: every change computes (once
    // per burst of changes; a newer run replaces the one going on).
    computeOnChange();
    redraw();
}

UncertaintyPage::~UncertaintyPage() = default;

QWidget* UncertaintyPage::buildDisplayProperties() {
    auto* panel = new QWidget(this);
    auto* form = new QFormLayout(panel);
    form->setContentsMargins(0, 0, 0, 0);
    panel_ = new QComboBox(panel);
    panel_->setObjectName("uncertaintyPanel");
    panel_->addItem(tr("Ensemble size"), int(Panel::EnsembleSize));
    panel_->addItem(tr("OOD scores"), int(Panel::OodScores));
    panel_->addItem(tr("Pairwise mutual information"), int(Panel::PairwiseMutualInformation));
    form->addRow(tr("Panel"), panel_);
    metric_ = new QComboBox(panel);
    metric_->setObjectName("uncertaintyCurveMetric");
    for (const auto& entry : calibration::kCurveMetricWords)
        metric_->addItem(tr(calibration::curveMetricTitle(entry.value)), int(entry.value));
    metric_->setToolTip(
        tr("Metric of the model average of the first k members (seeded random order)"));
    form->addRow(tr("Curve metric"), metric_);
    score_ = new QComboBox(panel);
    score_->setObjectName("uncertaintyOodScore");
    for (const auto score : calibration::kAllOodScores)
        score_->addItem(tr(calibration::oodScoreTitle(score)), int(score));
    score_->setToolTip(tr("OOD is the positive class; each score rises with OOD-ness"));
    form->addRow(tr("OOD score"), score_);
    note_ = new QLabel(panel);
    note_->setObjectName("uncertaintyNote");
    note_->setWordWrap(true);
    form->addRow(note_);
    connect(panel_, &QComboBox::currentIndexChanged, this, &UncertaintyPage::redraw);
    connect(metric_, &QComboBox::currentIndexChanged, this, &UncertaintyPage::redraw);
    connect(score_, &QComboBox::currentIndexChanged, this, &UncertaintyPage::redraw);
    return panel;
}

void UncertaintyPage::setPanel(Panel panel) {
    panel_->setCurrentIndex(panel_->findData(int(panel)));
}

void UncertaintyPage::showResult(const std::any&, bool) {
    redraw();
}

void UncertaintyPage::redraw() {
    series_.clear();
    const auto panel = Panel(panel_->currentData().toInt());
    metric_->setEnabled(panel == Panel::EnsembleSize);
    score_->setEnabled(panel == Panel::OodScores);
    note_->clear();
    const auto* result = std::any_cast<analysis::UncertaintyResult>(&this->result());
    if (!result) {
        showChart(
            workspace() ? tr("Computing the selection…") : tr("Open a checkpoint set with a model"),
            "", "", false);
        return;
    }
    const calibration::UncertaintyReport& report = result->report;
    switch (panel) {
        case Panel::EnsembleSize:
            drawCurve();
            break;
        case Panel::OodScores: {
            if (report.ood.empty()) {
                showChart(tr("This set has no OOD split (add one to modescape.json)"), "", "",
                          true);
                return;
            }
            const auto& score = report.ood[static_cast<std::size_t>(score_->currentIndex())];
            drawHistograms(score.histogram.centres, score.histogram.inside, score.histogram.outside,
                           calibration::oodScoreTitle(score.score));
            note_->setText(oodNote(report, score));
            break;
        }
        case Panel::PairwiseMutualInformation: {
            if (!report.pairwise) {
                showChart(tr("Pairwise MI is computed for at most %1 members")
                              .arg(resultValues().value("max-pairwise-members", 0)),
                          "", "", true);
                return;
            }
            if (!report.pairwiseHistogram) {
                showChart(tr("Select two members or more"), "", "", true);
                return;
            }
            drawHistograms(report.pairwiseHistogram->centres, report.pairwiseHistogram->inside,
                           report.pairwiseHistogram->outside,
                           "mutual information of a pair of members (nats)");
            break;
        }
    }
}

QString UncertaintyPage::oodNote(const calibration::UncertaintyReport& report,
                                 const calibration::OodScoreReport& shown) {
    QString text = tr("AUROC %1, AUPR %2, FPR95 %3")
                       .arg(shown.metrics.auroc, 0, 'f', 4)
                       .arg(shown.metrics.aupr, 0, 'f', 4)
                       .arg(shown.metrics.fpr95, 0, 'f', 4);
    text += "\n" + QString::fromStdString(calibration::aurocReading(shown.metrics.auroc));
    // Every score's AUROC, so that the one that works is one glance away.
    QStringList all;
    for (const auto& score : report.ood)
        all << tr("%1 %2")
                   .arg(calibration::oodScoreTitle(score.score))
                   .arg(score.metrics.auroc, 0, 'f', 3);
    text += "\n" + tr("AUROC by score: %1.").arg(all.join(", "));
    if (const auto best = calibration::bestOodScore(report.ood); best && *best != shown.score)
        text += " " + tr("Best: %1.").arg(calibration::oodScoreTitle(*best));
    return text;
}

void UncertaintyPage::drawCurve() {
    const calibration::EnsembleSizeCurve& curve =
        std::any_cast<const analysis::UncertaintyResult&>(result()).report.curve;
    const auto metric = calibration::CurveMetric(metric_->currentData().toInt());
    const char* title = calibration::curveMetricTitle(metric);
    Series line{title, {}, {}};
    for (const auto& point : curve.points) {
        const double value = calibration::curveValue(point, metric);
        if (!std::isfinite(value))
            continue;
        line.x.push_back(double(point.size));
        line.y.push_back(value);
    }
    series_.push_back(std::move(line));
    note_->setText(tr("Members added in a random order (seed %1).").arg(curve.seed));
    showChart(tr("Ensemble size: %1 of the model average of the first k members").arg(title),
              "number of members k", title, false, isUnitInterval(metric));
}

void UncertaintyPage::drawHistograms(const std::vector<double>& centres,
                                     const std::vector<double>& inside,
                                     const std::vector<double>& outside,
                                     const std::string& xTitle) {
    // Fractions of each side's samples: the sides differ in size.
    series_.push_back({"in distribution", centres, inside});
    if (!outside.empty())
        series_.push_back({"out of distribution", centres, outside});
    const bool pairwise = Panel(panel_->currentData().toInt()) == Panel::PairwiseMutualInformation;
    showChart(pairwise ? tr("Pairwise mutual information between members")
                       : tr("OOD score: %1").arg(xTitle.c_str()),
              xTitle, "fraction of samples", true);
}

bool UncertaintyPage::isUnitInterval(calibration::CurveMetric metric) {
    using calibration::CurveMetric;
    return metric == CurveMetric::Accuracy || metric == CurveMetric::Ece ||
           metric == CurveMetric::AdaptiveEce || metric == CurveMetric::Disagreement ||
           metric == CurveMetric::Auroc;
}

void UncertaintyPage::showChart(const QString& title, const std::string& xTitle,
                                const std::string& yTitle, bool bars, bool unitInterval) {
    title_ = title;
    LineChartData data;
    data.title = title;
    data.xName = QString::fromStdString(xTitle);
    data.yName = QString::fromStdString(yTitle);
    // Blue in distribution, orange out of distribution (or the curve).
    const QColor colours[2] = {QColor(54, 107, 204), QColor(240, 140, 20)};
    for (std::size_t i = 0; i < series_.size(); ++i) {
        const Series& s = series_[i];
        ChartSeries drawn{QString::fromStdString(s.name),
                          colours[i % 2],
                          bars ? ChartSeries::Style::Bars : ChartSeries::Style::Line,
                          false,
                          !bars,
                          s.x,
                          s.y};
        data.series.push_back(std::move(drawn));
    }
    // One curve needs no legend: the axis names it.
    if (data.series.size() == 1)
        data.series[0].name.clear();
    // Accuracies, ECE and the like stay within [0, 1] (VTK padded 0.99 up to 1.045).
    data.yUnitInterval = unitInterval;
    data.yFromZero = bars;
    data.yNonNegative = true;  // every curve metric and fraction is >= 0
    data.integerX = !bars;     // the ensemble size k
    data.placeholder = title;
    if (!hasPoints(data))
        data.title.clear();  // said once, in the middle
    chart_->setData(std::move(data));
    Q_EMIT chartChanged();
}

QImage UncertaintyPage::exportImage(double scale, bool transparentBackground) {
    return chart_->figureImage(scale, transparentBackground);
}

FigurePaint UncertaintyPage::figurePaint() {
    return chart_->figurePaint();
}

}  // namespace modescape::ui
