#pragma once
// Sessions in the main window: File > Open session…, Save session… and Open
// recent session (a QSettings list), `modescape gui FILE.modescape`, and the
// autosave. Every window writes what it shows to the cache folder once a
// minute (atomically, only when it changed) while holding a lock file there;
// a window that closes removes both. A start that finds an autosave whose lock
// no live process holds — its window was killed or crashed — offers to
// restore it, so at most the last minute is lost.

#include <QLockFile>
#include <QObject>
#include <QPointer>
#include <QStringList>
#include <QTimer>

#include <functional>
#include <memory>

#include "core/session/Session.h"

class QMenu;

namespace modescape::ui {

class MainWindow;
class SessionRestore;

// The user cache folder's modescape/autosave ($XDG_CACHE_HOME, else ~/.cache).
QString defaultAutosaveFolder();

class SessionActions : public QObject {
    Q_OBJECT
  public:
    // Adds the session entries to the window's File menu and starts the
    // autosave: every minute, or every $MODESCAPE_AUTOSAVE_MS milliseconds.
    explicit SessionActions(MainWindow* window, QString autosaveFolder = defaultAutosaveFolder());
    ~SessionActions() override;

    // Writes what the window shows; false (and the reason in the log) when no
    // set is open or the file cannot be written. Remembered as recent.
    bool saveSession(const QString& path);
    // Reads and checks the file, then brings it back (SessionRestore); false,
    // with the file and the field in the log, when it is not a valid session.
    bool openSession(const QString& path);
    void restore(const session::Session& session);

    QStringList recentSessions() const { return recent_; }

    void setAutosaveInterval(int milliseconds);
    int autosaveInterval() const { return autosave_.interval(); }
    QString autosavePath() const;
    // Writes the autosave now when a set is shown and it changed; returns
    // whether it wrote.
    bool autosaveNow();

    // The question asked before an autosave is restored: gets the file, true = restore.
    using RestoreQuestion = std::function<bool(const QString& file)>;
    // Looks for the newest autosave left by a window that did not close (its
    // lock is stale), asks, and restores it on yes. Such autosaves are
    // removed either way (the offer is made once). Returns whether it restored.
    bool offerAutosaveRestore(const RestoreQuestion& question);
    // A message box, or the answer $MODESCAPE_RESTORE_AUTOSAVE gives (yes / no).
    RestoreQuestion defaultRestoreQuestion();

  Q_SIGNALS:
    // A saved view was shown again (its session id).
    void viewRestored(const QString& id);
    void autosaved(const QString& path);

  private:
    void addMenuEntries();
    bool openSessionFile(const QString& path);  // openSession() without the recent list
    void chooseSessionToOpen();
    void chooseSessionToSave();
    void rememberRecent(const QString& path);
    // What the window shows, with its bookmarks and split layout.
    session::Session currentSession() const;
    // Splits the central area as the restored session did, once every view
    // its panes name has been shown again.
    void applyPendingSplit();
    void refreshRecentMenu();

    MainWindow* window_;
    QStringList recent_;
    QMenu* recentMenu_ = nullptr;
    QPointer<SessionRestore> restore_;
    nlohmann::json pendingSplit_;  // the restored session's split, until its views are back
    QTimer autosave_;
    QString autosaveFolder_;
    QString autosaveName_;  // this window's files: NAME.modescape, NAME.lock
    std::unique_ptr<QLockFile> lock_;
    std::string lastAutosave_;  // the JSON written last
};

}  // namespace modescape::ui
