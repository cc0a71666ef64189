#include "ui/views/calibration/UncertaintyPage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPointer>
#include <QSpinBox>
#include <QVBoxLayout>

#include <vtkAxis.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkContextActor.h>
#include <vtkContextScene.h>
#include <vtkDoubleArray.h>
#include <vtkPlot.h>
#include <vtkPlotLine.h>
#include <vtkPlotPoints.h>
#include <vtkRenderer.h>
#include <vtkTable.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>

#include "core/calibration/UncertaintyReport.h"
#include "ui/jobs/JobRunner.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/calibration/CalibrationSession.h"

namespace modescape::ui {

UncertaintyPage::UncertaintyPage(CalibrationSession* session, QWidget* parent)
    : ViewPage(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new VtkView(this);
    view_->setObjectName("uncertaintyView");
    layout->addWidget(view_);
    chartActor_->GetScene()->AddItem(chart_);
    view_->renderer()->AddActor(chartActor_);
    chart_->SetShowLegend(true);
    chart_->GetLegend()->SetHorizontalAlignment(vtkChartLegend::RIGHT);
    chart_->GetLegend()->SetVerticalAlignment(vtkChartLegend::TOP);
    chart_->GetTitleProperties()->SetFontSize(15);
    properties_ = buildProperties();

    connect(session_, &CalibrationSession::selectionChanged, this,
            &UncertaintyPage::computeOodSamples);
    connect(session_, &CalibrationSession::reportChanged, this, &UncertaintyPage::redraw);
    connect(session_, &CalibrationSession::dataChanged, this, &UncertaintyPage::redraw);
    if (session_->hasData())
        computeOodSamples();
    redraw();
}

UncertaintyPage::~UncertaintyPage() {
    if (oodJob_)
        session_->runner()->cancel(oodJob_);
    view_->renderer()->RemoveActor(chartActor_);
    delete properties_;
}

QWidget* UncertaintyPage::buildProperties() {
    auto* panel = new QWidget(this);
    auto* form = new QFormLayout(panel);
    form->addRow(new QLabel(tr("<b>Uncertainty</b>"), panel));
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
    bins_ = new QSpinBox(panel);
    bins_->setObjectName("uncertaintyHistogramBins");
    bins_->setRange(2, 200);
    bins_->setValue(30);
    form->addRow(tr("Histogram bins"), bins_);
    note_ = new QLabel(panel);
    note_->setWordWrap(true);
    form->addRow(note_);
    connect(panel_, &QComboBox::currentIndexChanged, this, &UncertaintyPage::redraw);
    connect(metric_, &QComboBox::currentIndexChanged, this, &UncertaintyPage::redraw);
    connect(score_, &QComboBox::currentIndexChanged, this, &UncertaintyPage::redraw);
    connect(bins_, &QSpinBox::valueChanged, this, &UncertaintyPage::redraw);
    return panel;
}

void UncertaintyPage::setPanel(Panel panel) {
    panel_->setCurrentIndex(panel_->findData(int(panel)));
}

void UncertaintyPage::computeOodSamples() {
    if (oodJob_)
        session_->runner()->cancel(oodJob_);
    oodSamples_.reset();
    const auto data = session_->data();
    if (!data || !data->outOfDistribution())
        return;
    const std::uint64_t generation = ++oodGeneration_;
    auto samples = std::make_shared<OodSamples>();
    QPointer<UncertaintyPage> self(this);
    JobRequest request;
    request.name = tr("OOD scores of the selection");
    request.work = [data, selection = session_->selection(), samples](const JobContext& context) {
        *samples = calibration::oodSampleScores(*data, selection, context);
    };
    request.onSuccess = [self, samples, generation] {
        if (!self || generation != self->oodGeneration_)
            return;
        self->oodSamples_ = samples;
        self->redraw();
    };
    oodJob_ = session_->runner()->submit(std::move(request));
}

void UncertaintyPage::redraw() {
    series_.clear();
    const auto panel = Panel(panel_->currentData().toInt());
    metric_->setEnabled(panel == Panel::EnsembleSize);
    score_->setEnabled(panel == Panel::OodScores);
    bins_->setEnabled(panel != Panel::EnsembleSize);
    const auto report = session_->report();
    const auto data = session_->data();
    note_->clear();
    if (!data || !report) {
        showChart(data ? tr("Computing the selection…") : tr("Open a checkpoint set with a model"),
                  "", "", false);
        return;
    }
    switch (panel) {
        case Panel::EnsembleSize:
            drawCurve();
            break;
        case Panel::OodScores: {
            if (!data->outOfDistribution()) {
                showChart(tr("This set has no OOD split (add one to modescape.json)"), "", "",
                          true);
                return;
            }
            if (!oodSamples_) {
                showChart(tr("Computing the OOD scores…"), "", "", true);
                return;
            }
            const int index = score_->currentIndex();
            drawHistograms(oodSamples_->inside[index], oodSamples_->outside[index],
                           calibration::oodScoreTitle(calibration::kAllOodScores[index]));
            if (report->ood) {
                const auto& byScore = report->ood->byScore[static_cast<std::size_t>(index)].second;
                note_->setText(tr("AUROC %1, AUPR %2, FPR95 %3")
                                   .arg(byScore.auroc, 0, 'f', 4)
                                   .arg(byScore.aupr, 0, 'f', 4)
                                   .arg(byScore.fpr95, 0, 'f', 4));
            }
            break;
        }
        case Panel::PairwiseMutualInformation: {
            if (!report->pairwise) {
                showChart(tr("Pairwise MI is computed for at most %1 members")
                              .arg(CalibrationSession::kMaxPairwiseMembers),
                          "", "", true);
                return;
            }
            if (report->pairwise->values.empty()) {
                showChart(tr("Select two members or more"), "", "", true);
                return;
            }
            drawHistograms(
                report->pairwise->values,
                report->pairwiseOod ? report->pairwiseOod->values : std::vector<double>{},
                "mutual information of a pair of members (nats)");
            break;
        }
    }
}

void UncertaintyPage::drawCurve() {
    const auto report = session_->report();
    const auto metric = calibration::CurveMetric(metric_->currentData().toInt());
    const char* title = calibration::curveMetricTitle(metric);
    Series curve{title, {}, {}};
    if (report->curve) {
        for (const auto& point : report->curve->points) {
            const double value = calibration::curveValue(point, metric);
            if (!std::isfinite(value))
                continue;
            curve.x.push_back(double(point.size));
            curve.y.push_back(value);
        }
    }
    series_.push_back(std::move(curve));
    note_->setText(tr("Members added in a random order (seed %1).")
                       .arg(report->curve ? report->curve->seed : 0));
    showChart(tr("Ensemble size: %1 of the model average of the first k members")
                  .arg(title),
              "number of members k", title, false);
}

void UncertaintyPage::drawHistograms(const std::vector<double>& inside,
                                     const std::vector<double>& outside,
                                     const std::string& xTitle) {
    // The same histograms `modescape uncertainty` prints.
    const calibration::PairedHistogram histogram =
        calibration::pairedHistogram(inside, outside, bins_->value());
    series_.push_back({"in distribution", histogram.centres, histogram.inside});
    if (!outside.empty())
        series_.push_back({"out of distribution", histogram.centres, histogram.outside});
    const bool pairwise = Panel(panel_->currentData().toInt()) == Panel::PairwiseMutualInformation;
    showChart(pairwise ? tr("Pairwise mutual information between members")
                       : tr("OOD score: %1").arg(xTitle.c_str()),
              xTitle, "fraction of samples", true);
}

void UncertaintyPage::showChart(const QString& title, const std::string& xTitle,
                                const std::string& yTitle, bool bars) {
    title_ = title;
    chart_->ClearPlots();
    chart_->SetTitle(title.toStdString());
    chart_->GetAxis(vtkAxis::BOTTOM)->SetTitle(xTitle);
    chart_->GetAxis(vtkAxis::LEFT)->SetTitle(yTitle);
    if (!series_.empty() && !series_[0].x.empty()) {
        vtkNew<vtkTable> table;
        vtkNew<vtkDoubleArray> x;
        x->SetName("x");
        for (const double v : series_[0].x)
            x->InsertNextValue(v);
        table->AddColumn(x);
        for (const Series& s : series_) {
            vtkNew<vtkDoubleArray> y;
            y->SetName(s.name.c_str());
            for (const double v : s.y)
                y->InsertNextValue(v);
            table->AddColumn(y);
        }
        // Blue in distribution, orange out of distribution (or the curve).
        const unsigned char colours[2][3] = {{54, 107, 204}, {240, 140, 20}};
        for (std::size_t i = 0; i < series_.size(); ++i) {
            vtkPlot* plot = chart_->AddPlot(bars ? vtkChart::BAR : vtkChart::LINE);
            plot->SetInputData(table, 0, static_cast<vtkIdType>(i + 1));
            plot->SetColor(colours[i % 2][0], colours[i % 2][1], colours[i % 2][2], 220);
            plot->SetWidth(2.0f);
            if (auto* line = vtkPlotLine::SafeDownCast(plot))
                line->SetMarkerStyle(vtkPlotPoints::CIRCLE);
        }
    }
    chart_->RecalculateBounds();
    view_->requestRender();
    Q_EMIT chartChanged();
}

QImage UncertaintyPage::exportImage(double scale, bool transparentBackground) {
    return view_->grabScene(scale, transparentBackground);
}

}  // namespace modescape::ui
