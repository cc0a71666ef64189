#pragma once
// A session's views shown in a window and computed, ready to be written as
// figures: what `modescape render` does headless, with the window code the
// GUI runs, so its files equal File > Export image's. The session is
// restored as File > Open session restores it (SessionActions::restore), each
// view is computed with its restored parameters when its page shows no
// complete result of them, and before a view is written the window is laid
// out so that the view's page has the size the figure is made at.
//
// Everything waits by turning the event loop (no sleeping); a view that
// cannot be shown or computed throws modescape::Error naming it.

#include <QObject>
#include <QSize>

#include <memory>
#include <string>

#include "core/session/Session.h"

class QWidget;

namespace modescape::ui {

class MainWindow;
class ViewPage;

// The on-screen size of a view made into a figure of `figurePixels`: 600
// pixels high at the figure's aspect ratio (an 800x600 view for 4:3, the
// reference size of the subcommands' figures).
QSize figureViewSize(QSize figurePixels);

// Gives `page` the size `size` and lays its contents out at once, shown or
// not (a figure's layout; File > Export animation's frames). With
// `sendPostedEvents` the events this posted are handled too (a hidden
// window's widgets); without, a shown page keeps the size until the event
// loop turns (its parent's layout then puts its own size back).
void layOutAt(QWidget& page, QSize size, bool sendPostedEvents = true);

class SessionFigures {
  public:
    // `window` is a new window: no question is asked (no model and data
    // dialog, members outside the set only when the session allows them; a
    // message box shown anyway is answered no), and its autosave is off.
    explicit SessionFigures(MainWindow& window);
    ~SessionFigures();
    SessionFigures(const SessionFigures&) = delete;
    SessionFigures& operator=(const SessionFigures&) = delete;

    // Restores the session and waits until its set's views are shown and
    // every automatic computation has ended. Throws Error when the set
    // cannot be opened.
    void open(const session::Session& session);

    // The page that shows the view; throws Error saying why there is none.
    ViewPage& page(const std::string& id) const;
    // Computes the view when its page shows no complete result of the
    // parameters shown, and waits for it; throws Error when that fails or
    // is cancelled. Views that compute nothing (the overview) return at once.
    void compute(const std::string& id);
    // Makes the view current (its tab, and its page inside the tab) and lays
    // the window out so that the page is `size` pixels (as near as the
    // window's docks allow).
    void layOut(const std::string& id, QSize size);

  private:
    const session::View& view(const std::string& id) const;

    MainWindow& window_;
    session::Session session_;
    // Answers no to any message box the window still brings up (the
    // TorchScript approval): nobody is there to answer it.
    std::unique_ptr<QObject> dialogRefuser_;
};

}  // namespace modescape::ui
