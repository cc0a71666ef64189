#include "ui/mainwindow/SessionFigures.h"

#include <QApplication>
#include <QCoreApplication>
#include <QEventLoop>
#include <QFileInfo>
#include <QLayout>
#include <QMessageBox>
#include <QPointer>
#include <QTabWidget>
#include <QTimer>

#include <cmath>
#include <limits>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionActions.h"
#include "ui/mainwindow/SessionViews.h"
#include "ui/mainwindow/ViewTabList.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/connectivity/ConnectivityPage.h"
#include "ui/views/connectivity/CurvePlanePage.h"
#include "ui/views/connectivity/CurvePlaneView.h"
#include "ui/views/connectivity/PathPage.h"
#include "ui/views/overview/SetOverviewPage.h"

namespace modescape::ui {
namespace {

// Turns the event loop until done() holds. The wake-up timer lets a condition
// that another thread changes without posting an event be seen; its period is
// how often to look, not a limit.
template <class Predicate>
void turnLoopUntil(Predicate done) {
    QTimer wakeUp;
    wakeUp.start(5);
    while (!done()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
        QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    }
}

// Whether the window's worker is idle and no page is about to start a run.
bool settled(const MainWindow& window) {
    if (!window.jobRunner()->isIdle())
        return false;
    // The views of the tabs and of split panes (ViewTabList lists both).
    for (QWidget* holder : window.viewTabList()->pages())
        for (const AnalysisPage* page : analysisPagesOf(holder))
            if (page->isComputing())
                return false;
    return true;
}

void waitUntilSettled(const MainWindow& window) {
    // A page asked to compute starts when the loop next turns: look again after it turned.
    for (int quietTurns = 0; quietTurns < 2;) {
        turnLoopUntil([&] { return settled(window); });
        QCoreApplication::processEvents();
        quietTurns = settled(window) ? quietTurns + 1 : 0;
    }
}

// The view that shows `page` (itself, or the widget holding it), in a tab or
// in a split pane.
QWidget* tabOf(const MainWindow& window, QWidget* page) {
    for (QWidget* w = page; w; w = w->parentWidget())
        if (window.viewTabList()->actionOf(w))
            return w;
    return nullptr;
}

// Answers no to every question (message box) as it is shown, saying what it asked.
class DialogRefuser : public QObject {
  public:
    bool eventFilter(QObject* watched, QEvent* event) override {
        auto* box = qobject_cast<QMessageBox*>(watched);
        if (event->type() == QEvent::Show && box) {
            log::warning("rendering headless, a question is answered no: " +
                         box->text().toStdString());
            QMetaObject::invokeMethod(box, &QDialog::reject, Qt::QueuedConnection);
        }
        return false;
    }
};

}  // namespace

QSize figureViewSize(QSize figurePixels) {
    constexpr int kHeight = 600;
    const double aspect = double(figurePixels.width()) / std::max(1, figurePixels.height());
    return {std::clamp(int(std::lround(kHeight * aspect)), 160, 4000), kHeight};
}

SessionFigures::SessionFigures(MainWindow& window) : window_(window) {
    window_.setAsksForModelAndData(false);
    window_.setOutsideMembersQuestion({});  // allow_outside of the session decides
    // A render that is killed must not leave an autosave that the next window
    // offers to restore: the timer is pushed out of any run's reach.
    window_.sessions()->setAutosaveInterval(std::numeric_limits<int>::max());
    dialogRefuser_ = std::make_unique<DialogRefuser>();
    qApp->installEventFilter(dialogRefuser_.get());
}

SessionFigures::~SessionFigures() {
    qApp->removeEventFilter(dialogRefuser_.get());
}

void SessionFigures::open(const session::Session& session) {
    session_ = session;
    const QString folder = QFileInfo(QString::fromStdString(session.set.path)).canonicalFilePath();
    if (folder.isEmpty())
        throw IoError(session.set.path, "the session's set (set.path) does not exist");
    bool jobEnded = false;
    JobRunner* runner = window_.jobRunner();
    const auto ended = [&jobEnded] { jobEnded = true; };
    QObject context;
    QObject::connect(runner, &JobRunner::jobSucceeded, &context, ended);
    QObject::connect(runner, &JobRunner::jobFailed, &context, ended);
    QObject::connect(runner, &JobRunner::jobCancelled, &context, ended);
    window_.sessions()->restore(session);
    const auto shown = [&] {
        const SetBrowser* browser = window_.setBrowser();
        return browser->set() && browser->folder() == folder && window_.overviewPage();
    };
    // Opening the set is the window's first job: once one ended the set is shown or failed.
    turnLoopUntil([&] { return shown() || (jobEnded && runner->isIdle()); });
    if (!shown())
        throw Error(session.set.path + ": the session's set could not be opened (see above)");
    waitUntilSettled(window_);
}

const session::View& SessionFigures::view(const std::string& id) const {
    for (const session::View& v : session_.views)
        if (v.id == id)
            return v;
    throw InvalidArgument("the session has no view '" + id + "'");
}

ViewPage& SessionFigures::page(const std::string& id) const {
    const session::View& wanted = view(id);
    if (wanted.analysis == session::kOverviewView) {
        if (!window_.overviewPage())
            throw Error("view " + id + ": the window shows no overview");
        return *window_.overviewPage();
    }
    // The page SessionRestore gave the view: the n-th page of an analysis, in
    // tab order, shows the n-th view of that analysis.
    int rank = 0;
    for (const session::View& v : session_.views) {
        if (&v == &wanted)
            break;
        rank += v.analysis == wanted.analysis ? 1 : 0;
    }
    // Every listed view in tab order, also those a split layout moved into panes.
    for (QWidget* holder : window_.viewTabList()->pages())
        for (AnalysisPage* page : analysisPagesOf(holder))
            if (page->analysis().info().name == wanted.analysis && rank-- == 0)
                return *page;
    throw Error("view " + id + ": the window has no page for the analysis '" + wanted.analysis +
                "' of this set (e.g. a reliability diagram needs a model and a test split)");
}

void SessionFigures::compute(const std::string& id) {
    auto* page = dynamic_cast<AnalysisPage*>(&this->page(id));
    if (!page)
        return;  // the overview computes nothing of its own
    turnLoopUntil([&] { return !page->isComputing(); });
    const auto showsTheFormsResult = [&] {
        if (!page->result().has_value() || !page->resultComplete())
            return false;
        try {  // values the form refuses are reported by compute() below
            return page->resultValues() == page->form()->values(window_.setBrowser()->set().get());
        } catch (const std::exception&) {
            return false;
        }
    };
    if (showsTheFormsResult())
        return;
    bool finished = false, completed = false;
    QObject context;
    QObject::connect(page, &AnalysisPage::computeFinished, &context, [&](bool done) {
        finished = true;
        completed = done;
    });
    if (page->compute() == 0) {
        // No job also when the result cache held the result: the page shows it.
        if (showsTheFormsResult())
            return;
        throw Error("view " + id + ": its parameters were refused (see above)");
    }
    turnLoopUntil([&] { return finished; });
    if (!completed)
        throw Error("view " + id + ": the computation failed or was cancelled (see above)");
    waitUntilSettled(window_);  // pages that follow this one (the overview) catch up
}

void SessionFigures::layOut(const std::string& id, QSize size) {
    ViewPage& shown = page(id);
    QWidget* tab = tabOf(window_, &shown);
    if (tab && window_.viewTabs()->indexOf(tab) >= 0)
        window_.viewTabs()->setCurrentWidget(tab);
    if (auto* connectivity = qobject_cast<ConnectivityPage*>(tab)) {
        using View = ConnectivityPage::View;
        if (&shown == connectivity->planePage())
            connectivity->showView(connectivity->planeView()->mode() ==
                                           CurvePlaneView::Mode::Contour
                                       ? View::PlaneContour
                                       : View::PlaneSurface);
        else
            connectivity->showView(&shown == static_cast<QWidget*>(connectivity->pathPage())
                                       ? View::Chart
                                       : View::Matrix);
    }
    // The window is never shown, so its tabs lay nothing out: the page is
    // given its size and lays out its own contents.
    layOutAt(shown, size);
}

void layOutAt(QWidget& page, QSize size, bool sendPostedEvents) {
    page.resize(size);
    // A hidden widget's layout acts only when asked: each, parents first
    // (findChildren lists a widget before its children), sizes its
    // children. Again after a page switched what it shows, as a stacked
    // layout sizes only its current widget.
    QList<QWidget*> widgets{&page};
    widgets += page.findChildren<QWidget*>();
    for (QWidget* widget : widgets)
        if (QLayout* layout = widget->layout()) {
            layout->invalidate();
            layout->activate();
        }
    if (sendPostedEvents)
        QCoreApplication::sendPostedEvents();
}

}  // namespace modescape::ui
