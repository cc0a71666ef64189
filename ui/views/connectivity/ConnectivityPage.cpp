#include "ui/views/connectivity/ConnectivityPage.h"

#include <QPointer>
#include <QStackedWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <utility>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/connectivity/ConnectJob.h"
#include "core/connectivity/CurvePlaneLandscape.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/CheckpointSet.h"
#include "ui/jobs/JobRunner.h"
#include "ui/rendering/VtkView.h"
#include "ui/views/connectivity/BarrierHeatmap.h"
#include "ui/views/connectivity/ConnectivityForm.h"
#include "ui/views/connectivity/CurvePlaneView.h"
#include "ui/views/connectivity/PathChart.h"
#include "ui/views/landscape/GridFromResult.h"

namespace modescape::ui {

using namespace modescape::connectivity;

namespace {

// Calls fn on the page's thread if the page still exists.
template <typename Fn>
void onPage(const QPointer<ConnectivityPage>& page, Fn fn) {
    QMetaObject::invokeMethod(
        page.data(),
        [page, fn] {
            if (page)
                fn(page.data());
        },
        Qt::QueuedConnection);
}

// Progress of step `index` of `count` as a share of the whole job.
JobContext stepContext(const JobContext& job, int index, int count) {
    JobContext step = job;
    step.progress = [job, index, count](double fraction, const std::string& message) {
        job.report((index + fraction) / count, message);
    };
    return step;
}

}  // namespace

ConnectivityPage::ConnectivityPage(JobRunner* runner, std::shared_ptr<const io::CheckpointSet> set,
                                   QWidget* parent)
    : ViewPage(parent),
      runner_(runner),
      set_(std::move(set)),
      loaded_(std::make_shared<std::shared_ptr<evaluation::LoadedSet>>()) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    views_ = new QStackedWidget(this);
    chart_ = new PathChart(views_);
    plane3d_ = new CurvePlaneView(views_);
    heatmap_ = new BarrierHeatmap(views_);
    views_->addWidget(chart_);
    views_->addWidget(plane3d_);
    views_->addWidget(heatmap_);
    layout->addWidget(views_);
    form_ = new ConnectivityForm(this);
    QStringList members;
    if (set_)
        for (const auto& member : set_->members)
            members << QString::fromStdString(member.name);
    form_->setMembers(members);
    connect(form_, &ConnectivityForm::viewChanged, this,
            [this](int index) { showView(static_cast<View>(index)); });
    connect(form_, &ConnectivityForm::splitChanged, this, [this] { redrawChart(); });
    connect(form_, &ConnectivityForm::computeRequested, this, [this] { compute(); });
    connect(form_, &ConnectivityForm::matrixRequested, this, [this] { computeMatrix(); });
    connect(form_, &ConnectivityForm::cancelRequested, this, [this] { cancel(); });
    redrawTimer_ = new QTimer(this);
    redrawTimer_->setSingleShot(true);
    redrawTimer_->setInterval(40);
    connect(redrawTimer_, &QTimer::timeout, this, [this] { flushUpdates(); });
    showPaths({});
    form_->setStatus(tr("Choose two members and the paths, then press Compute."));
}

QWidget* ConnectivityPage::propertiesWidget() {
    return form_;
}

void ConnectivityPage::setSelection(const QStringList& members) {
    selection_ = members;
    if (members.size() == 2)
        form_->setPair(members[0], members[1]);
}

void ConnectivityPage::showView(View view) {
    if (form_->viewIndex() != static_cast<int>(view))
        form_->setViewIndex(static_cast<int>(view));  // comes back here
    switch (view) {
        case View::Chart:
            views_->setCurrentWidget(chart_);
            break;
        case View::PlaneSurface:
        case View::PlaneContour:
            plane3d_->setMode(view == View::PlaneSurface ? CurvePlaneView::Mode::Surface
                                                         : CurvePlaneView::Mode::Contour);
            views_->setCurrentWidget(plane3d_);
            break;
        case View::Matrix:
            views_->setCurrentWidget(heatmap_);
            break;
    }
}

int ConnectivityPage::compute() {
    if (job_)
        return 0;
    PathRequest request;
    try {
        request = form_->pathRequest();
    } catch (const Error& e) {
        form_->setStatus(tr("Cannot compute: %1").arg(QString::fromStdString(e.what())));
        log::error(std::string("connectivity: ") + e.what());
        return 0;
    }
    showPaths({});

    QPointer<ConnectivityPage> self(this);
    auto loaded = loaded_;
    auto set = set_;
    auto work = [=](const JobContext& job) {
        if (!*loaded)
            *loaded = std::make_shared<evaluation::LoadedSet>(*set);
        evaluation::LoadedSet& data = **loaded;
        const auto& [a, b, kinds, settings, wantPlane, planeSettings] = request;
        std::vector<PathResult> done;
        std::unique_ptr<PathCurve> curve;  // the first trained one, for the plane
        const bool plane = wantPlane && std::any_of(kinds.begin(), kinds.end(), isTrained);
        const int steps = static_cast<int>(kinds.size()) + (plane ? 1 : 0);
        for (std::size_t k = 0; k < kinds.size(); ++k) {
            PathSettings s = settings;
            s.kind = kinds[k];
            auto onPoint = [&](const PathResult& partial, int) {
                auto shown = done;
                shown.push_back(partial);
                onPage(self, [shown](ConnectivityPage* page) { page->queuePaths(shown); });
            };
            ConnectOutcome outcome = connectMembers(
                data, a, b, s, stepContext(job, static_cast<int>(k), steps), onPoint);
            done.push_back(outcome.result);
            if (!curve && isTrained(s.kind))
                curve = std::make_unique<PathCurve>(std::move(outcome.curve));
        }
        onPage(self, [done](ConnectivityPage* page) { page->queuePaths(done); });
        if (plane && curve) {
            auto onRow = [&](const landscape::LandscapeResult& partial, int) {
                CurvePlaneResult shown;
                shown.surface = partial;
                onPage(self, [shown](ConnectivityPage* page) { page->queuePlane(shown); });
            };
            auto result = computeCurvePlane(data, *curve, a, b, planeSettings,
                                            stepContext(job, steps - 1, steps), onRow);
            onPage(self, [result](ConnectivityPage* page) { page->queuePlane(result); });
        }
    };
    return submit(
        tr("Paths %1 -> %2")
            .arg(QString::fromStdString(request.memberA), QString::fromStdString(request.memberB)),
        work);
}

int ConnectivityPage::computeMatrix() {
    if (job_)
        return 0;
    const BarrierMatrixSettings settings = form_->matrixSettings(selection_);
    QPointer<ConnectivityPage> self(this);
    auto loaded = loaded_;
    auto set = set_;
    auto work = [=](const JobContext& job) {
        if (!*loaded)
            *loaded = std::make_shared<evaluation::LoadedSet>(*set);
        auto onPair = [&](const BarrierMatrix& partial, std::size_t, std::size_t) {
            onPage(self, [partial](ConnectivityPage* page) { page->showMatrix(partial); });
        };
        const BarrierMatrix matrix = computeBarrierMatrix(**loaded, settings, job, onPair);
        onPage(self, [matrix](ConnectivityPage* page) { page->showMatrix(matrix); });
    };
    showView(View::Matrix);
    return submit(tr("Barrier matrix"), work);
}

int ConnectivityPage::submit(const QString& name, std::function<void(const JobContext&)> work) {
    QPointer<ConnectivityPage> self(this);
    JobRequest request;
    request.name = name;
    request.work = std::move(work);
    // Queued after the job's last result, so the views are complete when these run.
    request.onSuccess = [self] {
        if (self)
            self->jobEnded(true, QString());
    };
    request.onFailure = [self](const QString& message) {
        if (self)
            self->jobEnded(false, message);
    };
    request.onCancelled = [self] {
        if (self)
            self->jobEnded(false, tr("cancelled"));
    };
    job_ = runner_->submit(std::move(request));
    form_->setBusy(true);
    form_->setStatus(tr("Computing..."));
    return job_;
}

void ConnectivityPage::jobEnded(bool completed, const QString& message) {
    flushUpdates();  // the job's last results first
    job_ = 0;
    form_->setBusy(false);
    const QString shown = views_->currentWidget() == heatmap_ ? heatmap_->title() : chart_->title();
    form_->setStatus(completed ? tr("Done: %1").arg(shown)
                               : tr("Stopped: %1. What was computed stays shown.").arg(message));
    Q_EMIT computeFinished(completed);
}

void ConnectivityPage::cancel() {
    if (job_)
        runner_->cancel(job_);
}

void ConnectivityPage::queuePaths(std::vector<PathResult> paths) {
    pendingPaths_ = std::make_unique<std::vector<PathResult>>(std::move(paths));
    if (!redrawTimer_->isActive())
        redrawTimer_->start();
}

void ConnectivityPage::queuePlane(CurvePlaneResult plane) {
    pendingPlane_ = std::make_unique<CurvePlaneResult>(std::move(plane));
    if (!redrawTimer_->isActive())
        redrawTimer_->start();
}

void ConnectivityPage::flushUpdates() {
    redrawTimer_->stop();
    if (pendingPaths_)
        showPaths(*std::exchange(pendingPaths_, nullptr));
    if (pendingPlane_)
        showPlane(*std::exchange(pendingPlane_, nullptr));
}

void ConnectivityPage::showPaths(const std::vector<PathResult>& paths) {
    paths_ = paths;
    redrawChart();
    Q_EMIT resultChanged();
}

void ConnectivityPage::redrawChart() {
    chart_->setPaths(paths_,
                     form_->showsTrainSplit() ? PathChart::Split::Train : PathChart::Split::Test);
}

void ConnectivityPage::showPlane(const CurvePlaneResult& plane) {
    plane_ = plane;
    LandscapeGrid grid = gridFromResult(plane.surface);
    grid.title =
        tr("%1 loss on the plane through %2, %3 and the %4 curve's middle bend")
            .arg(QString::fromStdString(plane.surface.settings.split),
                 QString::fromStdString(plane.memberA), QString::fromStdString(plane.memberB),
                 QString::fromUtf8(pathKindName(plane.kind)));
    QVector<PlanePath> paths;
    if (!plane.x.empty()) {
        // The straight path A -> B is the plane's x axis from 0 to 1.
        PlanePath line{"linear", PathChart::pathColour(PathKind::Linear), {}, {}};
        for (double t : plane.t) {
            line.x << t;
            line.y << 0.0;
        }
        paths << line;
        PlanePath curve{
            QString::fromUtf8(pathKindName(plane.kind)), PathChart::pathColour(plane.kind), {}, {}};
        curve.x = QVector<double>(plane.x.begin(), plane.x.end());
        curve.y = QVector<double>(plane.y.begin(), plane.y.end());
        paths << curve;
    }
    plane3d_->setData(grid, paths);
    Q_EMIT resultChanged();
}

void ConnectivityPage::showMatrix(const BarrierMatrix& matrix) {
    matrix_ = matrix;
    heatmap_->setMatrix(matrix);
    Q_EMIT resultChanged();
}

QImage ConnectivityPage::exportImage(double scale, bool transparentBackground) {
    VtkView* view = views_->currentWidget() == chart_     ? chart_->vtkView()
                    : views_->currentWidget() == heatmap_ ? heatmap_->vtkView()
                                                          : plane3d_->vtkView();
    return view->grabScene(scale, transparentBackground);
}

}  // namespace modescape::ui
