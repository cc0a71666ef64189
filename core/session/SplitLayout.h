#pragma once
// The check of a session's `layout.split` (docs/session.md): how the window's
// central area is split into panes. A split is null (the tabs alone) or a
// tree whose leaves are the tabs pane `{"tabs": true}` (exactly one) and view
// panes `{"view": ID}` ("" = an empty pane), and whose inner nodes are
// `{"orientation": "horizontal"|"vertical", "sizes": [shares], "panes": [...]}`
// with at least two panes and one positive share per pane.

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace modescape::session {

// Throws InvalidArgument naming `where` (e.g. "s.modescape: layout.split")
// and the part that is wrong; `viewIds` are the session's views.
void checkSplitLayout(const nlohmann::json& split, const std::vector<std::string>& viewIds,
                      const std::string& where);

}  // namespace modescape::session
