#include "core/session/SplitLayout.h"

#include <algorithm>

#include "core/common/Error.h"
#include "core/common/JoinText.h"

namespace modescape::session {

namespace {

void fail(const std::string& where, const std::string& problem) {
    throw InvalidArgument(where + ": " + problem);
}

void onlyKeys(const nlohmann::json& node, const std::vector<std::string>& keys,
              const std::string& where) {
    for (const auto& [key, value] : node.items())
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            fail(where, "unknown field '" + key + "' (the fields: " + joinText(keys) + ")");
}

// Checks one node; counts the tabs panes met.
void checkNode(const nlohmann::json& node, const std::vector<std::string>& ids,
               const std::string& where, int& tabs) {
    if (!node.is_object())
        fail(where, "expected a pane or a split (a JSON object), got " + node.dump());
    if (node.contains("tabs")) {
        onlyKeys(node, {"tabs"}, where);
        if (node.at("tabs") != true)
            fail(where + ".tabs", "expected true, got " + node.at("tabs").dump());
        ++tabs;
        return;
    }
    if (node.contains("view")) {
        onlyKeys(node, {"view"}, where);
        const nlohmann::json& view = node.at("view");
        if (!view.is_string())
            fail(where + ".view", "expected a view id, got " + view.dump());
        const std::string id = view.get<std::string>();
        if (!id.empty() && std::find(ids.begin(), ids.end(), id) == ids.end())
            fail(where + ".view", "no view has the id '" + id + "' (the views: " +
                                      (ids.empty() ? std::string("none") : joinText(ids)) + ")");
        return;
    }
    onlyKeys(node, {"orientation", "sizes", "panes"}, where);
    const nlohmann::json orientation = node.value("orientation", nlohmann::json());
    if (orientation != "horizontal" && orientation != "vertical")
        fail(where + ".orientation", "expected \"horizontal\" or \"vertical\", got " +
                                         orientation.dump() +
                                         " (or a pane: {\"tabs\": true} / {\"view\": ID})");
    const nlohmann::json panes = node.value("panes", nlohmann::json());
    if (!panes.is_array() || panes.size() < 2)
        fail(where + ".panes", "expected a list of at least two panes, got " + panes.dump());
    const nlohmann::json sizes = node.value("sizes", nlohmann::json());
    if (!sizes.is_array() || sizes.size() != panes.size() ||
        !std::all_of(sizes.begin(), sizes.end(),
                     [](const nlohmann::json& s) { return s.is_number() && s.get<double>() > 0; }))
        fail(where + ".sizes", "expected one positive share per pane (" +
                                   std::to_string(panes.size()) + "), got " + sizes.dump());
    for (std::size_t i = 0; i < panes.size(); ++i)
        checkNode(panes[i], ids, where + ".panes[" + std::to_string(i) + "]", tabs);
}

}  // namespace

void checkSplitLayout(const nlohmann::json& split, const std::vector<std::string>& viewIds,
                      const std::string& where) {
    if (split.is_null())
        return;
    int tabs = 0;
    checkNode(split, viewIds, where, tabs);
    if (tabs != 1)
        fail(where,
             "expected exactly one tabs pane ({\"tabs\": true}), found " + std::to_string(tabs));
}

}  // namespace modescape::session
