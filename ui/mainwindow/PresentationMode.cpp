#include "ui/mainwindow/PresentationMode.h"

#include <QAction>
#include <QApplication>
#include <QDockWidget>
#include <QKeyEvent>
#include <QMenu>
#include <QMenuBar>
#include <QProgressBar>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>

#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/BookmarksDock.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/ViewPane.h"
#include "ui/mainwindow/ViewSplitter.h"

namespace modescape::ui {

namespace {
constexpr int kProgressSteps = 1000;
constexpr int kProgressHeight = 6;  // pixels: seen, but not in the way
}  // namespace

PresentationMode::PresentationMode(MainWindow* window)
    : QObject(window), window_(window), progress_(new QProgressBar(window)) {
    progress_->setObjectName("presentationProgress");
    progress_->setTextVisible(false);
    progress_->setRange(0, kProgressSteps);
    progress_->hide();
    JobRunner* runner = window->jobRunner();
    // The jobs are counted here: the runner reports an end before it is idle again.
    connect(runner, &JobRunner::jobQueued, this, [this](int id) {
        jobs_.insert(id);
        updateProgress(-1);
    });
    connect(runner, &JobRunner::jobProgress, this,
            [this](int, double fraction, const QString&) { updateProgress(fraction); });
    auto ended = [this](int id) {
        jobs_.remove(id);
        updateProgress(-1);
    };
    connect(runner, &JobRunner::jobSucceeded, this, ended);
    connect(runner, &JobRunner::jobCancelled, this, ended);
    connect(runner, &JobRunner::jobFailed, this, ended);
    window->installEventFilter(this);  // its resizes place the progress line
    // Panes made while presenting (a session's layout restored after --present) hide theirs too.
    connect(window->viewSplitter(), &ViewSplitter::layoutChanged, this,
            [this] { showPaneHeaders(!active_); });
}

void PresentationMode::addMenuAction(QMenu* menu, QAction* before) {
    auto* action = new QAction(tr("Presentation mode"), window_);
    action->setObjectName("presentationModeAction");
    action->setShortcut(QKeySequence(Qt::Key_F11));
    action->setToolTip(tr("Full screen, bookmarks with PageDown / PageUp, Esc leaves"));
    connect(action, &QAction::triggered, this, [this] { isActive() ? leave() : enter(); });
    menu->insertAction(before, action);
    window_->addAction(action);  // its shortcut works while the menu bar is hidden
}

void PresentationMode::enter() {
    if (active_)
        return;
    saved_ = Saved();
    saved_.state = window_->windowState();
    saved_.menuBar = window_->menuBar()->isVisibleTo(window_);
    saved_.statusBar = window_->statusBar()->isVisibleTo(window_);
    saved_.tabBar = window_->viewTabs()->tabBar()->isVisibleTo(window_);
    saved_.font = window_->font();
    saved_.ownFont = window_->testAttribute(Qt::WA_SetFont);
    for (QDockWidget* dock : window_->findChildren<QDockWidget*>(Qt::FindDirectChildrenOnly))
        saved_.bars << qMakePair(QPointer<QWidget>(dock), !dock->isHidden());
    for (QToolBar* bar : window_->findChildren<QToolBar*>(Qt::FindDirectChildrenOnly))
        saved_.bars << qMakePair(QPointer<QWidget>(bar), !bar->isHidden());

    active_ = true;
    for (const auto& [bar, shown] : saved_.bars)
        if (bar)
            bar->hide();
    window_->menuBar()->hide();
    window_->statusBar()->hide();
    window_->viewTabs()->tabBar()->hide();
    showPaneHeaders(false);
    QFont font = saved_.font;
    if (font.pointSizeF() > 0)
        font.setPointSizeF(font.pointSizeF() * kFontScale);
    else
        font.setPixelSize(int(font.pixelSize() * kFontScale));
    window_->setFont(font);
    window_->showFullScreen();
    qApp->installEventFilter(this);
    updateProgress(-1);
    Q_EMIT activeChanged(true);
}

void PresentationMode::leave() {
    if (!active_)
        return;
    active_ = false;
    qApp->removeEventFilter(this);
    progress_->hide();
    window_->setFont(saved_.ownFont ? saved_.font : QFont());
    if (!saved_.ownFont)
        window_->setAttribute(Qt::WA_SetFont, false);
    window_->menuBar()->setVisible(saved_.menuBar);
    window_->statusBar()->setVisible(saved_.statusBar);
    window_->viewTabs()->tabBar()->setVisible(saved_.tabBar);
    showPaneHeaders(true);
    for (const auto& [bar, shown] : saved_.bars)
        if (bar)
            bar->setVisible(shown);
    window_->setWindowState(saved_.state);
    Q_EMIT activeChanged(false);
}

void PresentationMode::next() {
    BookmarksDock* dock = window_->bookmarksDock();
    const int count = int(dock->bookmarks().size());
    if (count == 0)
        return;
    dock->activate(dock->currentIndex() < 0 ? 0 : std::min(dock->currentIndex() + 1, count - 1));
}

void PresentationMode::previous() {
    BookmarksDock* dock = window_->bookmarksDock();
    if (dock->bookmarks().empty())
        return;
    dock->activate(std::max(dock->currentIndex() - 1, 0));
}

bool PresentationMode::eventFilter(QObject* watched, QEvent* event) {
    if (watched == window_ && event->type() == QEvent::Resize)
        placeProgressLine();
    if (!active_)
        return false;
    if (event->type() == QEvent::ShortcutOverride || event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        switch (key->key()) {
            case Qt::Key_PageDown:
            case Qt::Key_PageUp:
            case Qt::Key_Right:
            case Qt::Key_Left:
            case Qt::Key_Space:
            case Qt::Key_Escape:
            case Qt::Key_F11:
                // The override is taken so that no shortcut or view sees the key first.
                event->accept();
                return event->type() == QEvent::ShortcutOverride || handleKey(key->key());
            default:
                break;
        }
    }
    return false;
}

bool PresentationMode::handleKey(int key) {
    switch (key) {
        case Qt::Key_PageDown:
        case Qt::Key_Right:
        case Qt::Key_Space:
            next();
            return true;
        case Qt::Key_PageUp:
        case Qt::Key_Left:
            previous();
            return true;
        case Qt::Key_Escape:
        case Qt::Key_F11:
            leave();
            return true;
        default:
            return false;
    }
}

void PresentationMode::showPaneHeaders(bool visible) {
    for (ViewPane* pane : window_->viewSplitter()->panes())
        pane->setHeaderVisible(visible);
}

void PresentationMode::placeProgressLine() {
    progress_->setGeometry(0, window_->height() - kProgressHeight, window_->width(),
                           kProgressHeight);
    progress_->raise();
}

void PresentationMode::updateProgress(double fraction) {
    const bool busy = active_ && !jobs_.isEmpty();
    if (busy && fraction >= 0) {
        progress_->setRange(0, kProgressSteps);
        progress_->setValue(int(fraction * kProgressSteps));
    } else if (busy) {
        progress_->setRange(0, 0);  // a moving bar: no fraction known yet
    }
    progress_->setVisible(busy);
    if (busy)
        placeProgressLine();
}

}  // namespace modescape::ui
