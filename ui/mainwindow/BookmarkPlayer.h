#pragma once
// Bookmarks (docs/seminar.md): a named view state — which view, its analysis
// parameters, display settings (a map's zoom and labels), camera and the set's
// selection — taken from the view shown and
// brought back on it. Bringing one back shows its view (its tab, or the pane
// holding it; a closed tab is opened again), selects its members, sets its parameters, computes
// when the shown result is not of those parameters (a cached result appears at once), and moves the
// camera there smoothly (CameraTransition); a result that arrives later fits the camera to its
// scene, so the bookmark's camera is placed again after it.

#include <QMetaObject>
#include <QObject>

#include <optional>

#include "core/session/Session.h"

namespace modescape::ui {

class CameraTransition;
class MainWindow;

// The view shown now (the active split pane's, else the current tab's) as a
// bookmark called `name`; nullopt, with the reason in the log, when it
// shows no analysis (the overview, the example surface).
std::optional<session::Bookmark> bookmarkOfShownView(const MainWindow& window,
                                                     const std::string& name);

class BookmarkPlayer : public QObject {
    Q_OBJECT
  public:
    explicit BookmarkPlayer(MainWindow* window);

    // Brings the bookmark back. A view whose tab was closed is opened again
    // first (the closed page of the id's analysis); false, and why in the
    // log, when no such view exists.
    bool show(const session::Bookmark& bookmark);
    CameraTransition* transition() const { return transition_; }

  private:
    MainWindow* window_;
    CameraTransition* transition_;
    QMetaObject::Connection afterCompute_;  // re-places the last bookmark's camera
};

}  // namespace modescape::ui
