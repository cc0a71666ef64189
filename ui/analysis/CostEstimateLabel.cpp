#include "ui/analysis/CostEstimateLabel.h"

#include <QCoreApplication>
#include <QPointer>
#include <QThreadPool>
#include <QTimer>

#include <utility>

#include "core/analysis/AnalysisCost.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Log.h"
#include "core/evaluation/ForwardCost.h"
#include "ui/analysis/ParameterForm.h"

namespace modescape::ui {

CostEstimateLabel::CostEstimateLabel(const analysis::Analysis& analysis,
                                     std::shared_ptr<analysis::SetWorkspace> workspace,
                                     ParameterForm* form, QWidget* parent)
    : QLabel(parent), analysis_(analysis), workspace_(std::move(workspace)), form_(form) {
    setObjectName(QString::fromStdString(analysis.info().name) + ".cost");
    setWordWrap(true);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setToolTip(
        tr("Forward passes of the run: FLOPs from the weight shapes and the input size, "
           "the time at this machine's measured rate (less where predictions are "
           "cached) and the predictions it makes. Fewer members, samples or grid points "
           "shorten it."));
    hide();
    if (!workspace_)
        return;
    connect(form_, &ParameterForm::valuesChanged, this, &CostEstimateLabel::request);
    request();
}

void CostEstimateLabel::request() {
    if (requested_)
        return;
    requested_ = true;
    QTimer::singleShot(0, this, [this] {
        requested_ = false;
        start();
    });
}

void CostEstimateLabel::start() {
    if (inFlight_) {
        pending_ = true;  // started again when the running one answers
        return;
    }
    const int generation = ++generation_;
    analysis::ParameterValues values;
    try {
        values = form_->values(&workspace_->set());
    } catch (const std::exception&) {
        display(generation, std::nullopt);  // Compute says what is wrong
        return;
    }
    inFlight_ = true;
    QPointer<CostEstimateLabel> self(this);
    const analysis::Analysis* analysis = &analysis_;
    auto workspace = workspace_;
    QThreadPool::globalInstance()->start([self, analysis, workspace, values, generation] {
        std::optional<evaluation::ForwardCost> cost;
        try {
            cost = analysis::analysisCost(*analysis, *workspace, values);
        } catch (const std::exception& e) {
            // No model, no such split ...: Compute says so in its own words.
            log::debug(analysis->info().name + ": no cost estimate: " + e.what());
        }
        // Queued on the application object, which outlives every page; the
        // label itself is only touched if it still exists.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, generation, cost] {
                if (!self)
                    return;
                self->inFlight_ = false;
                self->display(generation, cost);
                if (std::exchange(self->pending_, false))
                    self->start();
            },
            Qt::QueuedConnection);
    });
}

void CostEstimateLabel::display(int generation,
                                const std::optional<evaluation::ForwardCost>& cost) {
    if (generation != generation_)
        return;
    if (!cost || cost->flops <= 0) {
        longRun_ = false;
        clear();
        hide();
        Q_EMIT estimateShown();
        return;
    }
    longRun_ = cost->seconds > kLongRunSeconds;
    const QString text = QString::fromStdString(evaluation::describeForwardJob(*cost));
    setText(longRun_ ? tr("Long job: %1").arg(text) : tr("Estimated cost: %1").arg(text));
    setStyleSheet(longRun_ ? "color: #b3261e; font-weight: bold;" : "");
    setVisible(true);
    Q_EMIT estimateShown();
}

}  // namespace modescape::ui
