#include "core/session/SplitPanes.h"

#include <cmath>
#include <numeric>

namespace modescape::session {

namespace {

void layOut(const nlohmann::json& node, PaneArea area, const std::string& tabsView,
            std::vector<PaneArea>& areas) {
    if (node.is_null() || node.contains("tabs")) {
        area.view = tabsView;
        areas.push_back(area);
        return;
    }
    if (node.contains("view")) {
        area.view = node.at("view").get<std::string>();
        areas.push_back(area);
        return;
    }
    const bool vertical = node.at("orientation") == "vertical";
    const std::vector<double> shares = node.at("sizes").get<std::vector<double>>();
    const double total = std::accumulate(shares.begin(), shares.end(), 0.0);
    const int extent = vertical ? area.height : area.width;
    const nlohmann::json& panes = node.at("panes");
    double before = 0;  // the shares of the panes before this one
    int start = 0;
    for (std::size_t i = 0; i < panes.size(); ++i) {
        before += shares[i];
        // The last boundary is the extent itself, whatever the rounding.
        const int end = i + 1 == panes.size() ? extent : int(std::lround(extent * before / total));
        PaneArea part = area;
        if (vertical) {
            part.y = area.y + start;
            part.height = end - start;
        } else {
            part.x = area.x + start;
            part.width = end - start;
        }
        layOut(panes[i], part, tabsView, areas);
        start = end;
    }
}

}  // namespace

std::vector<PaneArea> splitPaneAreas(const nlohmann::json& split, int width, int height,
                                     const std::string& tabsView) {
    std::vector<PaneArea> areas;
    layOut(split, PaneArea{"", 0, 0, width, height}, tabsView, areas);
    return areas;
}

}  // namespace modescape::session
