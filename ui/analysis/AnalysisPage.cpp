#include "ui/analysis/AnalysisPage.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QTimer>
#include <QVBoxLayout>

#include <mutex>
#include <optional>
#include <utility>

#include "core/analysis/SetWorkspace.h"
#include "core/common/Log.h"
#include "core/jobs/Eta.h"
#include "core/session/ResultCache.h"
#include "core/session/ResultKey.h"
#include "ui/analysis/CostEstimateLabel.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/analysis/ResultFileFollower.h"
#include "ui/analysis/RunElsewhereDialog.h"
#include "ui/jobs/JobDuration.h"
#include "ui/jobs/JobRunner.h"

namespace modescape::ui {

namespace {

// Whether a result made with `before` is the one `now` asks for: the same
// result-defining values, missing ones read as their defaults (a result file
// may store only some). The set is the page's own, so it is not compared.
bool sameResult(const analysis::Analysis& analysis, const analysis::ParameterValues& before,
                const analysis::ParameterValues& now) {
    const auto& list = analysis.parameters();
    const auto a = analysis::withDefaults(list, before);
    const auto b = analysis::withDefaults(list, now);
    for (const auto& spec : list)
        if (spec.resultDefining && spec.kind != analysis::ParameterKind::Set &&
            a[spec.name] != b[spec.name])
            return false;
    return true;
}

}  // namespace

// Shared by the UI thread and the worker. The worker writes `result` before
// its job ends and `partial` under the mutex; everything else is the UI
// thread's. `values` and `resumeFrom` do not change once the run is submitted.
struct AnalysisPage::Run {
    int generation = 0;
    analysis::ParameterValues values;
    std::string cacheKey;  // where the complete result is kept; "" = not kept
    std::shared_ptr<const std::any> resumeFrom;
    std::any result;

    // The latest partial result on its way to the UI thread: at most one
    // delivery waits in the UI thread's queue and it carries the newest
    // partial, so a run that reports faster than the views draw cannot pile
    // up copies there.
    std::mutex mutex;
    std::any partial;
    bool deliveryQueued = false;

    EtaEstimator eta;
    QElapsedTimer clock;
};

AnalysisPage::AnalysisPage(const analysis::Analysis& analysis, JobRunner* runner,
                           std::shared_ptr<analysis::SetWorkspace> workspace, QWidget* parent)
    : ViewPage(parent), analysis_(analysis), runner_(runner), workspace_(std::move(workspace)) {
    buildProperties();
    if (workspace_) {
        QStringList members, roles;
        for (const auto& member : workspace_->set().members)
            members << QString::fromStdString(member.name);
        for (const auto& dataset : workspace_->set().datasets)
            roles << QString::fromStdString(dataset.role);
        form_->setSetContents(members, roles);
        QStringList selection;
        for (const auto& name : workspace_->selection())
            selection << QString::fromStdString(name);
        form_->setSelection(selection);
    }
    setStatus(tr("Choose the settings and press Compute."));
    if (!runner_)
        return;
    connect(runner_, &JobRunner::jobStarted, this, [this](int id) {
        if (run_ && id == job_) {
            run_->clock.start();
            progress_->setText(tr("Started."));
        }
    });
    connect(runner_, &JobRunner::jobProgress, this,
            [this](int id, double fraction, const QString& message) {
                if (!run_ || id != job_)
                    return;
                QString line = tr("%1 %").arg(static_cast<int>(fraction * 100));
                if (!message.isEmpty())
                    line += " - " + message;
                if (const auto left = run_->eta.secondsLeft(fraction))
                    line +=
                        tr(" (about %1 left)").arg(QString::fromStdString(formatDuration(*left)));
                progress_->setText(line);
            });
}

AnalysisPage::~AnalysisPage() {
    // Nothing of the run may reach this page any more; its job is not needed.
    ++generation_;
    if (job_ && runner_)
        runner_->cancel(job_);
    if (properties_ && properties_->parent() != this)
        delete properties_.data();
}

JobRunner* AnalysisPage::runner() const {
    return runner_;
}

void AnalysisPage::buildProperties() {
    const QString prefix = QString::fromStdString(analysis_.info().name) + ".";
    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* panel = new QWidget(scroll);
    auto* layout = new QVBoxLayout(panel);

    auto* box = new QGroupBox(QString::fromStdString(analysis_.info().title), panel);
    box->setToolTip(QString::fromStdString(analysis_.info().summary));
    auto* boxLayout = new QVBoxLayout(box);
    form_ = new ParameterForm(analysis_, box);
    boxLayout->addWidget(form_);
    layout->addWidget(box);

    propertiesLayout_ = new QVBoxLayout;
    layout->addLayout(propertiesLayout_);

    layout->addStretch(1);
    scroll->setWidget(panel);

    // Compute / Cancel, progress and status are pinned under the scrolling
    // form: however long the form, they stay in sight.
    auto* pinned = new QWidget(this);
    auto* pinnedLayout = new QVBoxLayout(pinned);
    pinnedLayout->setContentsMargins(0, 0, 0, 0);
    pinnedLayout->addWidget(scroll, 1);
    auto* footer = new QWidget(pinned);
    footer->setObjectName(prefix + "footer");
    auto* footerLayout = new QVBoxLayout(footer);
    pinnedLayout->addWidget(footer);
    auto* buttons = new QHBoxLayout;
    computeButton_ = new QPushButton(tr("Compute"), footer);
    computeButton_->setObjectName(prefix + "compute");
    cancelButton_ = new QPushButton(tr("Cancel"), footer);
    cancelButton_->setObjectName(prefix + "cancel");
    cancelButton_->setEnabled(false);
    buttons->addWidget(computeButton_);
    buttons->addWidget(cancelButton_);
    // The same analysis as a command line for a cluster (docs/mpi.md).
    auto* elsewhere = new QPushButton(tr("Run elsewhere..."), footer);
    elsewhere->setObjectName(prefix + "run-elsewhere");
    elsewhere->setToolTip(tr("The command line and a Slurm script that compute this with MPI"));
    buttons->addWidget(elsewhere);
    connect(elsewhere, &QPushButton::clicked, this, [this] { showRunElsewhere(); });
    footerLayout->addLayout(buttons);
    // What a run will cost, before it starts (hidden where no network runs).
    footerLayout->addWidget(new CostEstimateLabel(analysis_, workspace_, form_, footer));
    progress_ = new QLabel(footer);
    progress_->setObjectName(prefix + "progress");
    footerLayout->addWidget(progress_);
    status_ = new QLabel(footer);
    status_->setObjectName(prefix + "status");
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    footerLayout->addWidget(status_);
    properties_ = pinned;

    connect(computeButton_, &QPushButton::clicked, this, [this] { compute(); });
    connect(cancelButton_, &QPushButton::clicked, this, [this] { cancel(); });
}

void AnalysisPage::showRunElsewhere() {
    auto* dialog = new RunElsewhereDialog(*this, workspace_ ? &workspace_->set() : nullptr, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void AnalysisPage::addDisplayProperties(QWidget* widget) {
    propertiesLayout_->addWidget(widget);
}

void AnalysisPage::setSelection(const QStringList& members) {
    form_->setSelection(members);
    if (workspace_) {
        std::vector<std::string> names;
        for (const QString& name : members)
            names.push_back(name.toStdString());
        workspace_->setSelection(std::move(names));  // the set's one selection
    }
}

int AnalysisPage::compute() {
    const std::string& name = analysis_.info().name;
    if (!workspace_ || !runner_) {
        setStatus(tr("Open a set first."));
        return 0;
    }
    analysis::ParameterValues values;
    try {
        values = form_->values(&workspace_->set());
    } catch (const std::exception& e) {
        setStatus(tr("Cannot compute: %1").arg(QString::fromStdString(e.what())));
        log::error(name + ": " + e.what());
        return 0;
    }
    if (job_ && run_ && run_->values == values)
        return job_;  // already computing exactly this
    const session::ResultCache cache = session::ResultCache::fromEnvironment();
    const std::string cacheKey =
        cache.keeps(analysis_) ? session::resultKey(analysis_, values, workspace_->set()) : "";
    if (!cacheKey.empty() && showCachedResult(cache, cacheKey, values))
        return 0;

    // A run still going computes values that are no longer the ones shown:
    // it is cancelled, and whatever it still reports is dropped.
    const int generation = ++generation_;
    if (job_)
        runner_->cancel(job_);

    auto run = std::make_shared<Run>();
    run->generation = generation;
    run->values = values;
    run->cacheKey = cacheKey;
    // A partial result made with the same result-defining values is continued.
    if (result_.has_value() && !resultComplete_ && resultResumable_ &&
        sameResult(analysis_, resultValues_, values))
        run->resumeFrom = std::make_shared<const std::any>(result_);
    run_ = run;

    QPointer<AnalysisPage> self(this);
    const analysis::Analysis* analysis = &analysis_;
    auto workspace = workspace_;
    JobRequest request;
    request.name = QString::fromStdString(analysis_.info().title);
    request.work = [analysis, workspace, run, self](const JobContext& context) {
        analysis::RunOptions options;
        options.resumeFrom = run->resumeFrom.get();
        options.onPartial = [run, self](const std::any& partial) {
            std::lock_guard lock(run->mutex);
            run->partial = partial;  // a copy: the run keeps filling its own
            if (run->deliveryQueued)
                return;
            run->deliveryQueued = true;
            // Queued on the application object, which outlives every page;
            // the page itself is only touched if it still exists.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [run, self] {
                    std::any latest;
                    {
                        std::lock_guard lock(run->mutex);
                        latest = std::exchange(run->partial, std::any());
                        run->deliveryQueued = false;
                    }
                    if (self)
                        self->showPartial(run->generation, std::move(latest));
                },
                Qt::QueuedConnection);
        };
        run->result = analysis->run(*workspace, run->values, context, options);
        // Kept on the worker, not the GUI thread (a result file is written and
        // hashed); a cancelled run threw above, so only complete ones are kept.
        if (!run->cacheKey.empty())
            session::ResultCache::fromEnvironment().store(*analysis, run->cacheKey, run->result);
    };
    // Queued after the run's last partial result, so these see it first.
    request.onSuccess = [self, generation] {
        if (self)
            self->finishRun(generation, true);
    };
    request.onFailure = [self, generation](const QString& message) {
        if (self)
            self->finishRun(generation, false, message.isEmpty() ? tr("unknown error") : message);
    };
    request.onCancelled = [self, generation] {
        if (self)
            self->finishRun(generation, false);
    };
    job_ = runner_->submit(std::move(request));
    cancelButton_->setEnabled(true);
    progress_->setText(tr("Waiting for the worker..."));
    setStatus(run->resumeFrom ? tr("Continuing the partial result...") : tr("Computing..."));
    return job_;
}

void AnalysisPage::requestCompute() {
    if (computeRequested_)
        return;
    computeRequested_ = true;
    QTimer::singleShot(0, this, [this] {
        computeRequested_ = false;
        compute();
    });
}

void AnalysisPage::computeOnChange() {
    connect(form_, &ParameterForm::valuesChanged, this, &AnalysisPage::requestCompute);
    requestCompute();
}

QString AnalysisPage::resultSummary(const std::any& result) const {
    // At most six parts: one line, however large the result.
    constexpr int kParts = 6;
    const auto scalar = [](const nlohmann::json& value) {
        return value.is_number() || value.is_boolean() ||
               (value.is_string() && value.get<std::string>().size() <= 40);
    };
    QStringList parts;
    const nlohmann::json json = analysis_.resultJson(result);
    if (json.is_array()) {
        for (const auto& value : json)
            if (parts.size() < kParts && scalar(value))
                parts << QString::fromStdString(value.dump());
        return tr("%1 values").arg(json.size()) +
               (parts.isEmpty()
                    ? QString()
                    : ": " + parts.join(", ") + (int(json.size()) > kParts ? ", ..." : ""));
    }
    if (!json.is_object())
        return QString::fromStdString(json.dump()).left(80);
    for (const auto& [key, value] : json.items())
        if (parts.size() < kParts && scalar(value))
            parts << QString::fromStdString(key + " " + value.dump());
    return parts.join(", ");
}

void AnalysisPage::logRun(const Run& run, bool completed, const QString& failure) const {
    QString line = QString::fromStdString(analysis_.info().name + " " + run.values.dump());
    const QString took =
        run.clock.isValid() ? formatJobDuration(double(run.clock.elapsed()) / 1000.0) : QString();
    if (completed) {
        line += tr(": computed in %1").arg(took);
        const QString summary = resultSummary(result_);
        if (!summary.isEmpty())
            line += ": " + summary;
        log::info(line.toStdString());
    } else if (failure.isEmpty()) {
        log::info(
            (line + (took.isEmpty() ? tr(": cancelled") : tr(": cancelled after %1").arg(took)))
                .toStdString());
    }
    // A failure is logged by the runner, with its message.
}

void AnalysisPage::cancel() {
    if (job_ && runner_)
        runner_->cancel(job_);
}

void AnalysisPage::showPartial(int generation, std::any partial) {
    if (!run_ || run_->generation != generation || generation != generation_ ||
        !partial.has_value())
        return;
    result_ = std::move(partial);
    resultComplete_ = false;
    resultResumable_ = true;
    resultValues_ = run_->values;
    showResult(result_, false);
    Q_EMIT resultChanged();
}

void AnalysisPage::finishRun(int generation, bool completed, const QString& failure) {
    if (!run_ || run_->generation != generation || generation != generation_)
        return;  // a superseded run
    const std::shared_ptr<Run> run = std::exchange(run_, nullptr);
    job_ = 0;
    cancelButton_->setEnabled(false);
    progress_->clear();
    if (completed) {
        result_ = std::move(run->result);
        resultComplete_ = true;
        resultValues_ = run->values;
        showResult(result_, true);
        logRun(*run, true, failure);
        Q_EMIT resultChanged();
        setStatus(run->clock.isValid() ? tr("Computed in %1.")
                                             .arg(QString::fromStdString(formatDuration(
                                                 double(run->clock.elapsed()) / 1000.0)))
                                       : tr("Computed."));
    } else if (!failure.isEmpty() && run->resumeFrom && result_.has_value() && !resultComplete_) {
        // The shown result could not be continued: retrying would fail the same
        // way, so the next Compute starts afresh.
        resultResumable_ = false;
        setStatus(tr("Cannot continue the shown result: %1. Compute again to start afresh.")
                      .arg(failure));
    } else if (!failure.isEmpty()) {
        // The runner has written the failure to the log.
        setStatus(tr("Failed: %1").arg(failure));
    } else {
        logRun(*run, false, failure);
        setStatus(result_.has_value() && !resultComplete_
                      ? tr("Cancelled: what was computed stays shown. Compute again with the "
                           "same settings to continue it.")
                      : tr("Cancelled."));
    }
    Q_EMIT computeFinished(completed);
}

bool AnalysisPage::showCachedResult() {
    if (!workspace_)
        return false;
    const session::ResultCache cache = session::ResultCache::fromEnvironment();
    if (!cache.keeps(analysis_))
        return false;
    try {
        const analysis::ParameterValues values = form_->values(&workspace_->set());
        return showCachedResult(cache, session::resultKey(analysis_, values, workspace_->set()),
                                values);
    } catch (const std::exception&) {
        return false;  // values Compute would refuse, with its message
    }
}

bool AnalysisPage::showCachedResult(const session::ResultCache& cache, const std::string& key,
                                    const analysis::ParameterValues& values) {
    std::optional<std::any> cached = cache.find(analysis_, key);
    if (!cached)
        return false;
    stopRun();
    result_ = std::move(*cached);
    resultComplete_ = true;
    resultResumable_ = true;
    resultValues_ = values;
    showResult(result_, true);
    QString line =
        QString::fromStdString(analysis_.info().name + " " + values.dump()) + tr(": from cache");
    if (const QString summary = resultSummary(result_); !summary.isEmpty())
        line += ": " + summary;
    log::info(line.toStdString());
    Q_EMIT resultChanged();
    setStatus(tr("Shown from the result cache: computed before with these settings on this set."));
    Q_EMIT computeFinished(true);
    return true;
}

void AnalysisPage::stopRun() {
    // The run going on would replace the shown result: stop it and drop what it sends.
    ++generation_;
    if (job_) {
        if (runner_)
            runner_->cancel(job_);
        job_ = 0;
        run_.reset();
        cancelButton_->setEnabled(false);
        progress_->clear();
        Q_EMIT computeFinished(false);
    }
}

void AnalysisPage::showExternalResult(std::any result, const analysis::ParameterValues& values,
                                      bool complete) {
    stopRun();
    result_ = std::move(result);
    resultComplete_ = complete;
    resultResumable_ = true;
    resultValues_ = values;
    // The form shows how the result was made, so Compute continues it.
    form_->setValues(values);
    showResult(result_, complete);
    Q_EMIT resultChanged();
}

void AnalysisPage::setStatus(const QString& text) {
    status_->setText(text);
}

bool AnalysisPage::followJsonResultFile(const QString& path, OutputReader read,
                                        bool valuesFromFile) {
    if (path.isEmpty()) {
        setStatus(tr("Name the output file to follow."));
        return false;
    }
    delete follower_.data();
    follower_ = followJsonOutput(
        this, analysis(), path, std::move(read), [this, valuesFromFile](FollowedOutput& shown) {
            if (shown.result.has_value())
                showExternalResult(
                    std::move(shown.result),
                    valuesFromFile && !shown.values.is_null() ? shown.values : form()->rawValues(),
                    shown.complete);
            setStatus(shown.status);
        });
    return true;
}

ResultFileFollower* AnalysisPage::follower() const {
    return follower_;
}

}  // namespace modescape::ui
