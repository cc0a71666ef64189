#include "ui/jobs/JobsPanel.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>

#include "ui/jobs/JobDuration.h"
#include "ui/jobs/JobRunner.h"

namespace modescape::ui {

JobsPanel::JobsPanel(JobRunner* runner, QWidget* parent) : QWidget(parent), runner_(runner) {
    auto* outer = new QVBoxLayout(this);
    outer->setContentsMargins(4, 4, 4, 4);

    auto* toolbar = new QHBoxLayout;
    auto* clear = new QPushButton(tr("Clear finished"), this);
    clear->setObjectName("clearFinishedJobs");
    auto* cancelAll = new QPushButton(tr("Cancel all"), this);
    cancelAll->setObjectName("cancelAllJobs");
    toolbar->addWidget(clear);
    toolbar->addWidget(cancelAll);
    toolbar->addStretch();
    outer->addLayout(toolbar);

    auto* scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    auto* rowsHost = new QWidget(scroll);
    rowsLayout_ = new QVBoxLayout(rowsHost);
    rowsLayout_->setContentsMargins(0, 0, 0, 0);
    rowsLayout_->addStretch();
    scroll->setWidget(rowsHost);
    outer->addWidget(scroll);

    connect(clear, &QPushButton::clicked, this, &JobsPanel::clearFinished);
    connect(cancelAll, &QPushButton::clicked, runner_, &JobRunner::cancelAll);
    connect(runner_, &JobRunner::jobQueued, this, &JobsPanel::addRow);
    connect(runner_, &JobRunner::jobStarted, this, [this](int id) {
        if (auto it = rows_.find(id); it != rows_.end()) {
            it->clock.start();
            it->message->setText(tr("running"));
        }
    });
    connect(runner_, &JobRunner::jobProgress, this,
            [this](int id, double fraction, const QString& message) {
                auto it = rows_.find(id);
                if (it == rows_.end())
                    return;
                it->bar->setRange(0, 1000);
                it->bar->setValue(static_cast<int>(fraction * 1000));
                const auto left = it->eta.secondsLeft(fraction);
                it->message->setText(
                    left ? tr("%1 (about %2 left)")
                               .arg(message, QString::fromStdString(formatDuration(*left)))
                         : message);
            });
    connect(runner_, &JobRunner::jobSucceeded, this,
            [this](int id) { finishRow(id, tr("done"), false, true); });
    connect(runner_, &JobRunner::jobCancelled, this,
            [this](int id) { finishRow(id, tr("cancelled"), false); });
    connect(runner_, &JobRunner::jobFailed, this, [this](int id, const QString& message) {
        finishRow(id, tr("failed: %1").arg(message), true);
    });
}

QString JobsPanel::statusText(int id) const {
    const auto it = rows_.find(id);
    return it == rows_.end() ? QString() : it->message->text();
}

int JobsPanel::activeJobCount() const {
    int n = 0;
    for (const auto& row : rows_)
        n += row.finished ? 0 : 1;
    return n;
}

void JobsPanel::addRow(int id, const QString& name) {
    Row row;
    row.widget = new QWidget(this);
    auto* layout = new QHBoxLayout(row.widget);
    layout->setContentsMargins(0, 0, 0, 0);
    row.name = new QLabel(name, row.widget);
    row.name->setMinimumWidth(160);
    row.bar = new QProgressBar(row.widget);
    row.bar->setRange(0, 0);  // busy until the first progress report
    row.bar->setMaximumWidth(220);
    row.message = new QLabel(tr("queued"), row.widget);
    row.message->setObjectName(QStringLiteral("jobStatus%1").arg(id));
    row.cancel = new QPushButton(tr("Cancel"), row.widget);
    row.cancel->setObjectName(QStringLiteral("cancelJob%1").arg(id));
    layout->addWidget(row.name);
    layout->addWidget(row.bar);
    layout->addWidget(row.message, 1);
    layout->addWidget(row.cancel);
    connect(row.cancel, &QPushButton::clicked, this, [this, id] { runner_->cancel(id); });
    rowsLayout_->insertWidget(rowsLayout_->count() - 1, row.widget);
    rows_.insert(id, row);
}

void JobsPanel::finishRow(int id, const QString& outcome, bool failed, bool succeeded) {
    auto it = rows_.find(id);
    if (it == rows_.end())
        return;
    it->finished = true;
    it->bar->setRange(0, 1000);
    if (succeeded)
        it->bar->setValue(1000);
    // A job cancelled while queued never started: it has no duration.
    const QString status =
        it->clock.isValid()
            ? tr("%1 in %2").arg(outcome, formatJobDuration(double(it->clock.elapsed()) / 1000.0))
            : outcome;
    it->message->setText(status);
    it->message->setToolTip(status);
    if (failed)
        it->message->setStyleSheet("color: #b01e1e;");
    it->cancel->setEnabled(false);
}

void JobsPanel::clearFinished() {
    for (auto it = rows_.begin(); it != rows_.end();) {
        if (it->finished) {
            it->widget->deleteLater();
            it = rows_.erase(it);
        } else {
            ++it;
        }
    }
}

}  // namespace modescape::ui
