#include "ui/views/calibration/ReliabilityDiagramPage.h"

#include <QComboBox>
#include <QFormLayout>
#include <QLabel>
#include <QPointer>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/analysis/CalibrateAnalysis.h"
#include "core/calibration/PredictionMetrics.h"
#include "ui/jobs/JobRunner.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/calibration/CalibrationSession.h"

namespace modescape::ui {

ReliabilityDiagramPage::ReliabilityDiagramPage(CalibrationSession* session, QWidget* parent)
    : ViewPage(parent), session_(session) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    view_ = new VtkView(this);
    view_->setObjectName("reliabilityView");
    layout->addWidget(view_);
    scene_ = std::make_unique<ReliabilityDiagramScene>(view_->renderer());
    properties_ = buildProperties();

    connect(session_, &CalibrationSession::dataChanged, this,
            &ReliabilityDiagramPage::refillSubjects);
    connect(session_, &CalibrationSession::selectionChanged, this, [this] {
        if (subject_->currentData().toInt() == kSelectionSubject)
            recompute();
    });
    if (session_->hasData()) {
        refillSubjects();
    }
}

ReliabilityDiagramPage::~ReliabilityDiagramPage() {
    if (job_)
        session_->runner()->cancel(job_);
    scene_.reset();  // its props leave the renderer before the view goes
    delete properties_;
}

QWidget* ReliabilityDiagramPage::buildProperties() {
    auto* panel = new QWidget(this);
    auto* form = new QFormLayout(panel);
    form->addRow(new QLabel(tr("<b>Reliability diagram</b>"), panel));
    subject_ = new QComboBox(panel);
    subject_->setObjectName("reliabilitySubject");
    subject_->setToolTip(
        tr("Whose predictions: the selection's or a group's model average, or one member"));
    form->addRow(tr("Predictions of"), subject_);
    // Range, default, words and help of `calibrate --bins / --binning`: declared once.
    const auto& parameters = analysis::calibrateAnalysis().parameters();
    const analysis::ParameterSpec& bins = analysis::specNamed(parameters, "bins");
    bins_ = new QSpinBox(panel);
    bins_->setObjectName("reliabilityBins");
    bins_->setRange(int(bins.minimum.value_or(1)), int(bins.maximum.value_or(1000)));
    bins_->setValue(bins.defaultValue.get<int>());
    bins_->setToolTip(QString::fromStdString(analysis::cliHelp(bins)));
    form->addRow(tr("Bins"), bins_);
    const analysis::ParameterSpec& binning = analysis::specNamed(parameters, "binning");
    binning_ = new QComboBox(panel);
    binning_->setObjectName("reliabilityBinning");
    for (const auto& entry : calibration::kBinningWords)
        binning_->addItem(entry.value == calibration::BinningStrategy::EqualWidth
                              ? tr("Equal width")
                              : tr("Adaptive (equal mass)"),
                          QString(entry.word));
    binning_->setCurrentIndex(
        binning_->findData(QString::fromStdString(binning.defaultValue.get<std::string>())));
    binning_->setToolTip(QString::fromStdString(analysis::cliHelp(binning)));
    form->addRow(tr("Binning"), binning_);
    summary_ = new QLabel(panel);
    summary_->setObjectName("reliabilitySummary");
    summary_->setWordWrap(true);
    summary_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow(summary_);

    connect(subject_, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    connect(bins_, &QSpinBox::valueChanged, this, [this] { recompute(); });
    connect(binning_, &QComboBox::currentIndexChanged, this, [this] { recompute(); });
    return panel;
}

void ReliabilityDiagramPage::setSubject(int subject) {
    const int index = subject_->findData(subject);
    if (index >= 0)
        subject_->setCurrentIndex(index);
}
void ReliabilityDiagramPage::setBins(int bins) {
    bins_->setValue(bins);
}
void ReliabilityDiagramPage::setAdaptive(bool adaptive) {
    const auto strategy = adaptive ? calibration::BinningStrategy::EqualMass
                                   : calibration::BinningStrategy::EqualWidth;
    binning_->setCurrentIndex(binning_->findData(QString(calibration::binningName(strategy))));
}

void ReliabilityDiagramPage::refillSubjects() {
    {
        const QSignalBlocker blocker(subject_);
        subject_->clear();
        subject_->addItem(tr("Selection (model average)"), kSelectionSubject);
        const auto& groups = session_->groups();
        for (std::size_t g = 0; g < groups.size(); ++g)
            subject_->addItem(
                tr("Group %1 (model average)").arg(QString::fromStdString(groups[g].name)),
                -2 - static_cast<int>(g));
        const auto& names = session_->data()->memberNames();
        for (std::size_t m = 0; m < names.size(); ++m)
            subject_->addItem(QString::fromStdString(names[m]), static_cast<int>(m));
    }
    recompute();
}

void ReliabilityDiagramPage::recompute() {
    if (!session_->hasData() || subject_->count() == 0)
        return;
    const int subject = subject_->currentData().toInt();
    std::vector<std::int64_t> members;
    std::string name;
    if (subject == kSelectionSubject) {
        members = session_->selection();
        name = "selection BMA (" + std::to_string(members.size()) + " members)";
    } else if (subject <= -2) {
        const auto& group = session_->groups()[static_cast<std::size_t>(-2 - subject)];
        members = group.members;
        name = group.name + " BMA (" + std::to_string(members.size()) + " members)";
    } else {
        members = {subject};
        name = session_->data()->memberNames()[static_cast<std::size_t>(subject)];
    }
    calibration::EvaluationOptions options;
    options.bins = bins_->value();
    options.tableStrategy =
        calibration::parseBinning(binning_->currentData().toString().toStdString());

    if (job_)
        session_->runner()->cancel(job_);
    const std::uint64_t generation = ++generation_;
    auto result = std::make_shared<calibration::PredictionEvaluation>();
    QPointer<ReliabilityDiagramPage> self(this);
    JobRequest request;
    request.name = tr("Reliability diagram of %1").arg(QString::fromStdString(name));
    request.work = [data = session_->data(), members, options, result](const JobContext&) {
        *result = members.size() == 1
                      ? calibration::evaluateMember(data->probabilities(), data->labels(),
                                                    members[0], options)
                      : calibration::evaluateAverage(data->probabilities(), data->labels(), members,
                                                     options);
    };
    request.onSuccess = [self, result, generation, name] {
        if (!self || generation != self->generation_)
            return;
        self->diagram_ = {std::move(result->table), name};
        self->scene_->setData(self->diagram_);
        self->view_->requestRender();
        const auto& m = result->metrics;
        self->summary_->setText(
            tr("Accuracy %1%, NLL %2, Brier %3<br>ECE %4%, adaptive ECE %5%, MCE %6%, RMSCE %7%")
                .arg(100 * m.accuracy, 0, 'f', 2)
                .arg(m.nll, 0, 'f', 4)
                .arg(m.brier, 0, 'f', 4)
                .arg(100 * m.ece, 0, 'f', 2)
                .arg(100 * m.adaptiveEce, 0, 'f', 2)
                .arg(100 * m.mce, 0, 'f', 2)
                .arg(100 * m.rmsce, 0, 'f', 2));
        ++self->updates_;
        Q_EMIT self->diagramChanged();
    };
    job_ = session_->runner()->submit(std::move(request));
}

QImage ReliabilityDiagramPage::exportImage(double scale, bool transparentBackground) {
    scene_->setFontScale(scale);
    QImage image = view_->grabScene(scale, transparentBackground);
    scene_->setFontScale(1.0);
    view_->requestRender();
    return image;
}

}  // namespace modescape::ui
