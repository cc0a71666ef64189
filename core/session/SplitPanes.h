#pragma once
// Where each pane of a session's `layout.split` (SplitLayout.h) lies in a
// picture of the whole layout: `modescape render --all` draws a split session
// as one figure with its panes arranged as in the window. Each split divides
// its extent among its panes in proportion to their shares, rounded at the
// boundaries, so the panes tile the picture exactly (no gap, no overlap;
// the window's thin splitter handles are left out).

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace modescape::session {

struct PaneArea {
    std::string view;  // the view shown: the pane's, the tabs pane's current view; "" = empty
    int x = 0, y = 0, width = 0, height = 0;

    bool operator==(const PaneArea&) const = default;
};

// The panes of a checked split (checkSplitLayout) laid over width x height
// pixels, in the order of the tree (depth first). `tabsView` is the view the
// tabs pane shows (the session's current view). A null split is one pane.
std::vector<PaneArea> splitPaneAreas(const nlohmann::json& split, int width, int height,
                                     const std::string& tabsView);

}  // namespace modescape::session
