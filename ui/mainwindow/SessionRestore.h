#pragma once
// Brings a session back into a window: gives the set its model and datasets,
// opens it, selects the session's members, and as each page of the set
// appears (the window adds some only once the set's predictions are loaded)
// shows the saved view of its analysis on it — the n-th page of an analysis
// gets the n-th view of that analysis. Views no page of this window shows
// (e.g. the overview) are left out. A view whose saved result was complete is
// shown from the result cache when the cache holds it (docs/result-cache.md);
// the others are computed on Compute.

#include <QObject>
#include <QPointer>

#include <map>
#include <string>
#include <vector>

#include "core/session/Session.h"

namespace modescape::ui {

class AnalysisPage;
class MainWindow;

class SessionRestore : public QObject {
    Q_OBJECT
  public:
    SessionRestore(MainWindow* window, session::Session session);

    // Applies the overrides and opens the set; throws InvalidArgument for a
    // model or dataset text the set cannot take (already checked on reading).
    void start();
    const session::Session& session() const { return session_; }
    // The tab widget showing the saved view with this id, once restored (else nullptr).
    QWidget* holderOf(const std::string& id) const;

  Q_SIGNALS:
    // A saved view was shown on a page (its View::id).
    void viewRestored(const QString& id);

  private:
    // Shows the saved views on the pages of the session's set not seen yet.
    void onPagesAdded();
    bool showsSessionSet() const;

    MainWindow* window_;
    session::Session session_;
    std::vector<bool> restored_;          // per session view
    QList<QPointer<AnalysisPage>> seen_;  // pages already given their view
    // The tab of the session's current view: adding a page makes the new one
    // current, so it is made current again after each.
    QPointer<QWidget> currentTab_;
    bool selectionRestored_ = false;
    std::map<std::string, QPointer<QWidget>> holders_;  // restored view id -> its tab's widget
};

}  // namespace modescape::ui
