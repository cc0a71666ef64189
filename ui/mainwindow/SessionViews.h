#pragma once
// The window's side of a session (docs/session.md): what its tabs show,
// read into a session::Session, and one saved view applied to a page. Pages
// are handled through AnalysisPage alone — the analysis's ParameterForm for
// the parameters, AnalysisPage's session hooks for display settings, colour
// and camera — so a new page needs nothing here.

#include <QList>
#include <QString>

#include <vector>

#include "core/session/Session.h"

class QWidget;

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class AnalysisPage;
class MainWindow;

// The analysis pages of one tab: the tab itself, or the pages inside it (the
// connectivity tab holds three).
QList<AnalysisPage*> analysisPagesOf(QWidget* tab);

// One page as a session view: its parameters, display settings, colouring,
// camera, and the key of the result it shows when that result was made with
// the parameters shown (`set`, when given, is the set it was computed on).
// The id is left for the caller.
session::View viewOf(const AnalysisPage& page, const io::CheckpointSet* set);

// Shows the view's parameters, display settings, colouring and camera on the
// page. The camera is placed again after the page's next completed result,
// which fits the camera to the new scene.
void applyView(AnalysisPage& page, const session::View& view);

// An analysis page the window shows, with the id a session gives it: in a
// tab, or in a pane of the split central area (ViewSplitter.h).
struct OpenView {
    std::string id;
    AnalysisPage* page = nullptr;
    QWidget* holder = nullptr;  // the tab's widget or the pane's: the page or a widget holding it
    QString title;
};

// Every open view in session order: the tabs in tab order, then the split
// panes' views. Ids are given by analysis (session::freeViewId), so the same
// window gives the same ids each time; bookmarks and the layout name views by them.
std::vector<OpenView> openViews(const MainWindow& window);

// What the window shows now: its set (path, the model and datasets given for
// it), selection, every analysis tab's view in tab order, and the current
// tab. The set path is empty while no set is open.
session::Session captureSession(const MainWindow& window);

}  // namespace modescape::ui
