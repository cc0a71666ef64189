#pragma once
// A session's split layout as one figure (`modescape render --all`,
// docs/figures.md): the panes arranged as in the window, in their shares of
// the figure (core/session/SplitPanes.h). Each pane's view is rendered again
// at its pane's pixel size with the window's own export (writeViewFigure),
// not scaled down from its single-view figure: text and lines stay sharp, and
// a pane's pixels equal the single-view figure made at that size.

#include <QString>

#include "core/session/Session.h"
#include "ui/rendering/FigureSize.h"

namespace modescape::ui {

class SessionFigures;

// Writes the layout of `session` (whose split is not null) as a figure of
// `figure`'s pixels at `path` (PNG, SVG or PDF by the suffix), atomically.
// Computes each pane's view first. A PNG pane holds the pane's own PNG; in
// SVG / PDF each pane is painted by its view's figure code into its
// rectangle of the one page (vector views stay vector).
// Throws modescape::Error naming the view or the path when it cannot.
void writeLayoutFigure(SessionFigures& figures, const session::Session& session,
                       const QString& path, const ResolvedFigure& figure, bool transparent);

// The view the tabs pane shows: the session's current view, else its first.
std::string tabsViewOf(const session::Session& session);

}  // namespace modescape::ui
