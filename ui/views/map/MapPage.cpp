#include "ui/views/map/MapPage.h"

#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "core/common/Log.h"
#include "core/io/set/CheckpointSet.h"
#include "ui/jobs/JobRunner.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/calibration/CalibrationSession.h"
#include "ui/views/map/MapSettingsForm.h"
#include "ui/views/map/MapView.h"

namespace modescape::ui {
namespace {

std::string cacheKey(const symmetry::SetProjectionOptions& o) {
    return std::string(symmetry::projectionMethodName(o.method)) + "|" +
           symmetry::distanceKindName(o.distance) + "|" + std::to_string(o.components) + "|" +
           std::to_string(o.seed) + "|" +
           (symmetry::isFunctionSpace(o.distance) ? "function"
                                                  : symmetry::weightSpaceName(o.space.space));
}

QString describe(const symmetry::SetProjection& p) {
    QString text = QObject::tr("%1 of %2 members, %3")
                       .arg(QString::fromStdString(p.method).toUpper())
                       .arg(p.members.size())
                       .arg(QString::fromStdString(p.space));
    if (!p.explainedVarianceRatio.empty()) {
        QStringList ratios;
        for (Eigen::Index c = 0; c < p.coordinates.cols(); ++c)
            ratios << QString::number(100 * p.explainedVarianceRatio[std::size_t(c)], 'f', 1) + "%";
        text += QObject::tr("; explained variance %1").arg(ratios.join(", "));
    }
    if (p.kl >= 0)
        text += QObject::tr("; KL %1").arg(p.kl, 0, 'g', 4);
    for (const auto& note : p.notes)
        text += "\n" + QString::fromStdString(note);
    return text;
}

}  // namespace

MapPage::MapPage(JobRunner* runner, std::shared_ptr<const io::CheckpointSet> set, QWidget* parent)
    : ViewPage(parent), runner_(runner), set_(std::move(set)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    map_ = new MapView(this);
    map_->setObjectName("mapView");
    layout->addWidget(map_);
    properties_ = buildProperties();
    connect(map_, &MapView::selectionChanged, this, [this](const QStringList& members) {
        selection_ = members;
        Q_EMIT selectionChanged(members);
    });
    setStatus(tr("Choose the settings and press Compute."));
}

QWidget* MapPage::buildProperties() {
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* panel = new QWidget(scroll);
    auto* layout = new QVBoxLayout(panel);
    auto* box = new QGroupBox(tr("Map"), panel);
    auto* boxLayout = new QVBoxLayout(box);
    form_ = new MapSettingsForm(box);
    boxLayout->addWidget(form_);
    auto* buttons = new QHBoxLayout;
    computeButton_ = new QPushButton(tr("Compute"), box);
    computeButton_->setObjectName("mapCompute");
    cancelButton_ = new QPushButton(tr("Cancel"), box);
    cancelButton_->setObjectName("mapCancel");
    cancelButton_->setEnabled(false);
    buttons->addWidget(computeButton_);
    buttons->addWidget(cancelButton_);
    boxLayout->addLayout(buttons);
    status_ = new QLabel(box);
    status_->setObjectName("mapStatus");
    status_->setWordWrap(true);
    boxLayout->addWidget(status_);
    auto* help = new QLabel(tr("Click or drag a rectangle to select (Ctrl adds); in 3-D drag "
                               "rotates and Shift+drag selects. The selection is the set "
                               "browser's: landscape anchors and the calibration ensemble."),
                            box);
    help->setWordWrap(true);
    boxLayout->addWidget(help);
    layout->addWidget(box);
    layout->addStretch(1);
    scroll->setWidget(panel);

    connect(computeButton_, &QPushButton::clicked, this, [this] { compute(); });
    connect(cancelButton_, &QPushButton::clicked, this, [this] { cancel(); });
    connect(form_, &MapSettingsForm::settingsChanged, this, [this] { onSettingsChanged(); });
    connect(form_, &MapSettingsForm::colouringChanged, map_, &MapView::setColouring);
    return scroll;
}

void MapPage::onSettingsChanged() {
    // Once a map is shown, switching (e.g. raw -> symmetry removed) shows the new one.
    if (!hasResult_)
        return;
    if (job_) {
        recomputeWhenDone_ = true;
        cancel();
        return;
    }
    compute();
}

int MapPage::compute() {
    if (job_ || !set_)
        return job_;
    const symmetry::SetProjectionOptions options = form_->settings();
    const std::string key = cacheKey(options);
    if (const auto cached = cache_.find(key); cached != cache_.end()) {
        showProjection(cached->second);
        return 0;
    }
    auto result = std::make_shared<symmetry::SetProjection>();
    auto set = set_;
    QPointer<MapPage> self(this);
    JobRequest request;
    request.name =
        tr("Map: %1, %2")
            .arg(symmetry::projectionMethodName(options.method))
            .arg(QString::fromStdString(symmetry::isFunctionSpace(options.distance)
                                            ? std::string("function space")
                                            : symmetry::weightSpaceName(options.space.space)));
    request.work = [result, set, options](const JobContext& context) {
        *result = symmetry::projectSet(*set, options, context);
    };
    auto finish = [self](bool completed) {
        self->job_ = 0;
        self->computeButton_->setEnabled(true);
        self->cancelButton_->setEnabled(false);
        Q_EMIT self->computeFinished(completed);
        if (self && self->recomputeWhenDone_) {
            self->recomputeWhenDone_ = false;
            self->compute();
        }
    };
    request.onSuccess = [self, result, key, finish] {
        if (!self)
            return;
        self->cache_[key] = *result;
        self->showProjection(*result);
        finish(true);
    };
    request.onFailure = [self, finish](const QString& message) {
        if (!self)
            return;
        self->setStatus(tr("Stopped: %1").arg(message));
        log::error("map: " + message.toStdString());
        finish(false);
    };
    request.onCancelled = [self, finish] {
        if (!self)
            return;
        self->setStatus(tr("Cancelled."));
        finish(false);
    };
    job_ = runner_->submit(std::move(request));
    computeButton_->setEnabled(false);
    cancelButton_->setEnabled(true);
    setStatus(tr("Computing..."));
    return job_;
}

void MapPage::cancel() {
    if (job_)
        runner_->cancel(job_);
}

void MapPage::showProjection(const symmetry::SetProjection& projection) {
    hasResult_ = true;
    map_->setProjection(projection);
    map_->setSelection(selection_);
    setStatus(describe(projection));
}

void MapPage::setSelection(const QStringList& members) {
    selection_ = members;
    map_->setSelection(members);
}

void MapPage::setMemberMetrics(MemberMetricsMap metrics) {
    map_->setMetrics(std::move(metrics));
}

void MapPage::followCalibration(CalibrationSession* session) {
    auto pull = [this, session] {
        if (session->memberRows().empty())
            return;
        MemberMetricsMap metrics;
        for (const auto& row : session->memberRows())
            metrics[row.name] = {row.metrics.accuracy, row.metrics.nll};
        setMemberMetrics(std::move(metrics));
    };
    connect(session, &CalibrationSession::dataChanged, this, pull);
    connect(session, &CalibrationSession::reportChanged, this, pull);
    pull();
}

QImage MapPage::exportImage(double scale, bool transparentBackground) {
    return map_->vtkView()->grabScene(scale, transparentBackground);
}

QString MapPage::status() const {
    return status_->text();
}

void MapPage::setStatus(const QString& text) {
    status_->setText(text);
}

}  // namespace modescape::ui
