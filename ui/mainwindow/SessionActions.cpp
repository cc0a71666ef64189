#include "ui/mainwindow/SessionActions.h"

#include <QAction>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>

#include <algorithm>
#include <functional>
#include <map>

#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/io/AtomicFile.h"
#include "ui/mainwindow/BookmarksDock.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/MenuLookup.h"
#include "ui/mainwindow/SessionRestore.h"
#include "ui/mainwindow/SessionViews.h"
#include "ui/mainwindow/ViewSplitter.h"
#include "ui/setbrowser/SetBrowser.h"

namespace modescape::ui {

namespace {

constexpr int kMaxRecent = 10;
constexpr int kAutosaveMilliseconds = 60 * 1000;
const char* const kRecentKey = "recentSessions";
const char* const kFilter = "Modescape sessions (*.modescape)";

int autosaveIntervalFromEnvironment() {
    bool ok = false;
    const int ms = qEnvironmentVariableIntValue("MODESCAPE_AUTOSAVE_MS", &ok);
    return ok && ms > 0 ? ms : kAutosaveMilliseconds;
}

// A name no other window has: the process, and a count for several windows in one.
QString uniqueAutosaveName() {
    static int windows = 0;
    return QStringLiteral("window-%1-%2").arg(QCoreApplication::applicationPid()).arg(++windows);
}

}  // namespace

QString defaultAutosaveFolder() {
    return QStandardPaths::writableLocation(QStandardPaths::GenericCacheLocation) +
           "/modescape/autosave";
}

SessionActions::SessionActions(MainWindow* window, QString autosaveFolder)
    : QObject(window),
      window_(window),
      autosaveFolder_(std::move(autosaveFolder)),
      autosaveName_(uniqueAutosaveName()) {
    recent_ = QSettings().value(kRecentKey).toStringList();
    addMenuEntries();

    // The lock says "this window is alive": its autosave is no one else's to restore.
    if (QDir().mkpath(autosaveFolder_)) {
        lock_ = std::make_unique<QLockFile>(autosaveFolder_ + "/" + autosaveName_ + ".lock");
        if (!lock_->tryLock(0))
            log::warning(autosaveFolder_.toStdString() +
                         ": cannot take the autosave lock; a crash may restore this "
                         "window's session twice");
    } else {
        log::warning(autosaveFolder_.toStdString() +
                     ": cannot create the autosave folder; sessions are not autosaved");
    }
    autosave_.setInterval(autosaveIntervalFromEnvironment());
    connect(&autosave_, &QTimer::timeout, this, [this] { autosaveNow(); });
    autosave_.start();
}

SessionActions::~SessionActions() {
    // Closed normally: nothing to restore.
    QFile::remove(autosavePath());
    if (lock_)
        lock_->unlock();
}

void SessionActions::addMenuEntries() {
    QMenu* file = menuTitled(window_->menuBar(), "File");
    if (!file)
        return;
    // Before the separator above Quit.
    QAction* before = nullptr;
    for (QAction* action : file->actions())
        if (action->isSeparator())
            before = action;
    file->insertSeparator(before);
    auto* open = new QAction(tr("Open &session…"), file);
    open->setObjectName("openSessionAction");
    open->setShortcut(QKeySequence(tr("Ctrl+Shift+O")));
    connect(open, &QAction::triggered, this, &SessionActions::chooseSessionToOpen);
    auto* save = new QAction(tr("Sa&ve session…"), file);
    save->setObjectName("saveSessionAction");
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, &SessionActions::chooseSessionToSave);
    recentMenu_ = new QMenu(tr("Open recent sess&ion"), file);
    recentMenu_->setObjectName("recentSessionsMenu");
    file->insertActions(before, {open, save, recentMenu_->menuAction()});
    refreshRecentMenu();
}

void SessionActions::chooseSessionToOpen() {
    const QString start = recent_.isEmpty() ? QDir::homePath() : QFileInfo(recent_[0]).path();
    const QString path =
        QFileDialog::getOpenFileName(window_, tr("Open session"), start, tr(kFilter));
    if (!path.isEmpty())
        openSession(path);
}

void SessionActions::chooseSessionToSave() {
    QString path = QFileDialog::getSaveFileName(
        window_, tr("Save session"),
        recent_.isEmpty() ? QDir::homePath() + "/session.modescape" : recent_[0], tr(kFilter));
    if (path.isEmpty())
        return;
    if (!path.endsWith(".modescape"))
        path += ".modescape";
    saveSession(path);
}

session::Session SessionActions::currentSession() const {
    session::Session session = captureSession(*window_);
    std::map<QWidget*, std::string> ids;  // the first view of each tab or pane
    for (const OpenView& view : openViews(*window_))
        ids.emplace(view.holder, view.id);
    // A bookmark of a view that is no longer open cannot be kept (its id would dangle).
    for (const session::Bookmark& bookmark : window_->bookmarksDock()->bookmarks())
        if (std::any_of(session.views.begin(), session.views.end(),
                        [&bookmark](const session::View& v) { return v.id == bookmark.view; }))
            session.bookmarks.push_back(bookmark);
    // Until a restored split is applied, the session's own is kept.
    session.layout.split = !pendingSplit_.is_null()
                               ? pendingSplit_
                               : window_->viewSplitter()->layout([&ids](QWidget* view) {
                                     const auto found = ids.find(view);
                                     return found == ids.end() ? std::string() : found->second;
                                 });
    return session;
}

void SessionActions::applyPendingSplit() {
    if (pendingSplit_.is_null() || !restore_)
        return;
    std::vector<std::string> ids;
    std::function<void(const nlohmann::json&)> collect = [&](const nlohmann::json& node) {
        if (node.contains("view"))
            ids.push_back(node.at("view").get<std::string>());
        if (node.contains("panes"))
            for (const nlohmann::json& child : node.at("panes"))
                collect(child);
    };
    collect(pendingSplit_);
    for (const std::string& id : ids)
        if (!id.empty() && !restore_->holderOf(id))
            return;  // a page still to come (calibration pages follow the predictions)
    const nlohmann::json split = std::move(pendingSplit_);
    pendingSplit_ = nullptr;
    QPointer<SessionRestore> restore = restore_;
    window_->viewSplitter()->restore(split, [restore](const std::string& id) -> QWidget* {
        return restore && !id.empty() ? restore->holderOf(id) : nullptr;
    });
}

bool SessionActions::saveSession(const QString& path) {
    const session::Session session = currentSession();
    if (session.set.path.empty()) {
        log::error(path.toStdString() + ": not saved: open a checkpoint set first");
        return false;
    }
    try {
        session::writeSession(path.toStdString(), session);
    } catch (const Error& e) {
        log::error(e.what());
        return false;
    }
    log::info("saved session " + path.toStdString() + " (" + std::to_string(session.views.size()) +
              " views)");
    rememberRecent(QFileInfo(path).absoluteFilePath());
    return true;
}

bool SessionActions::openSession(const QString& path) {
    if (!openSessionFile(path))
        return false;
    rememberRecent(QFileInfo(path).absoluteFilePath());
    return true;
}

bool SessionActions::openSessionFile(const QString& path) {
    try {
        const session::Session session = session::readSession(path.toStdString());
        restore(session);
    } catch (const Error& e) {
        log::error(e.what());
        return false;
    }
    log::info("opened session " + path.toStdString());
    return true;
}

void SessionActions::restore(const session::Session& session) {
    if (restore_)
        restore_->deleteLater();  // an earlier session's pages no longer come
    window_->viewSplitter()->unsplit();
    window_->bookmarksDock()->setBookmarks(session.bookmarks);
    pendingSplit_ = session.layout.split;
    restore_ = new SessionRestore(window_, session);
    connect(restore_, &SessionRestore::viewRestored, this, &SessionActions::viewRestored);
    // Queued: the split takes views out of the tabs, which the restore is going through.
    connect(restore_, &SessionRestore::viewRestored, this, &SessionActions::applyPendingSplit,
            Qt::QueuedConnection);
    restore_->start();
    applyPendingSplit();  // a split of the tabs and empty panes needs no view
}

void SessionActions::rememberRecent(const QString& path) {
    recent_.removeAll(path);
    recent_.prepend(path);
    while (recent_.size() > kMaxRecent)
        recent_.removeLast();
    QSettings().setValue(kRecentKey, recent_);
    refreshRecentMenu();
}

void SessionActions::refreshRecentMenu() {
    if (!recentMenu_)
        return;
    recentMenu_->clear();
    for (const QString& path : recent_)
        recentMenu_->addAction(path, this, [this, path] { openSession(path); });
    recentMenu_->setEnabled(!recent_.isEmpty());
}

void SessionActions::setAutosaveInterval(int milliseconds) {
    autosave_.start(milliseconds);
}

QString SessionActions::autosavePath() const {
    return autosaveFolder_ + "/" + autosaveName_ + ".modescape";
}

bool SessionActions::autosaveNow() {
    if (!window_->setBrowser()->set())
        return false;  // nothing worth restoring yet
    const session::Session session = currentSession();
    const std::string text = session::toJson(session).dump(2) + "\n";
    if (text == lastAutosave_)
        return false;
    try {
        io::writeFileAtomically(autosavePath().toStdString(), text);
    } catch (const Error& e) {
        log::warning(std::string("autosave: ") + e.what());
        return false;
    }
    lastAutosave_ = text;
    Q_EMIT autosaved(autosavePath());
    return true;
}

bool SessionActions::offerAutosaveRestore(const RestoreQuestion& question) {
    QFileInfo newest;
    std::vector<std::unique_ptr<QLockFile>> orphans;  // held until their files are gone
    const QDir folder(autosaveFolder_);
    for (const QFileInfo& file : folder.entryInfoList({"*.modescape"}, QDir::Files)) {
        if (file.completeBaseName() == autosaveName_)
            continue;
        auto lock = std::make_unique<QLockFile>(folder.filePath(file.completeBaseName() + ".lock"));
        lock->setStaleLockTime(0);  // stale only when its process is gone, never by age
        if (!lock->tryLock(0))
            continue;  // a window that is still open
        if (!newest.exists() || file.lastModified() > newest.lastModified())
            newest = file;
        orphans.push_back(std::move(lock));
    }
    if (!newest.exists())
        return false;
    // openSession() reads the file at once; this window's next autosave keeps it.
    const bool restored =
        question(newest.absoluteFilePath()) && openSessionFile(newest.absoluteFilePath());
    for (const auto& lock : orphans) {
        const QString base = QFileInfo(lock->fileName()).completeBaseName();
        QFile::remove(folder.filePath(base + ".modescape"));
        lock->unlock();
    }
    return restored;
}

SessionActions::RestoreQuestion SessionActions::defaultRestoreQuestion() {
    const QString answer = qEnvironmentVariable("MODESCAPE_RESTORE_AUTOSAVE");
    if (answer == "yes" || answer == "no")
        return [answer](const QString&) { return answer == "yes"; };
    QPointer<MainWindow> window(window_);
    return [window](const QString& file) {
        const QString when = QFileInfo(file).lastModified().toString("yyyy-MM-dd hh:mm");
        return QMessageBox::question(
                   window, tr("Restore session"),
                   tr("Modescape did not close normally last time. Restore the views it "
                      "saved at %1?")
                       .arg(when)) == QMessageBox::Yes;
    };
}

}  // namespace modescape::ui
