#pragma once
// A session: what the window shows, saved as a `*.modescape` file (JSON,
// docs/session.md) and opened again — the checkpoint set with its model and
// dataset overrides, every open view (its analysis, parameters, display
// settings, camera and colouring), the selection, bookmarks and the layout.
// Parameters are the analysis tables' JSON values (core/analysis/Parameter.h)
// and are checked against those tables on reading, so a session can never
// hand a view a value its form or the command line would refuse.

#include <array>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/analysis/Parameter.h"

namespace modescape::session {

inline constexpr const char* kFormat = "modescape-session";
// 2: bookmarks keep their view's display settings ("display"); version 1
// files are read as before (their bookmarks have none).
inline constexpr int kVersion = 2;
// Views that show the set itself and compute no analysis.
inline constexpr const char* kOverviewView = "overview";

// A 3-D view's camera, as VTK keeps it.
struct Camera {
    std::array<double, 3> position{0, 0, 1};
    std::array<double, 3> focalPoint{0, 0, 0};
    std::array<double, 3> viewUp{0, 1, 0};
    double viewAngle = 30.0;  // degrees, perspective projection
    bool parallel = false;
    double parallelScale = 1.0;  // half the view's height, parallel projection

    bool operator==(const Camera&) const = default;
};

// The set and what the command line's --model / --dataset gave it.
struct SetSource {
    std::string path;                   // absolute: a folder or an archive
    std::string model;                  // `--model` text; "" = the set's own
    std::vector<std::string> datasets;  // `--dataset` texts, ROLE=SPEC
    bool allowOutside = false;          // `--allow-outside`

    bool operator==(const SetSource&) const = default;
};

// A computed result a view showed, by content hash (ResultKey.h): the same
// key means the same analysis, result-defining values and set.
struct ResultRef {
    std::string key;  // 32 hex digits
    bool complete = true;

    bool operator==(const ResultRef&) const = default;
};

struct View {
    std::string id;        // unique in the session; bookmarks and the layout name views by it
    std::string analysis;  // a name of `modescape analyses`, or kOverviewView
    std::string title;     // the tab's title; "" = the window's own
    analysis::ParameterValues parameters = analysis::ParameterValues::object();
    nlohmann::json display = nlohmann::json::object();  // the view's own settings
    std::optional<Camera> camera;                       // 3-D views only
    std::string colourBy;                               // "" = the view's default
    std::optional<ResultRef> result;

    bool operator==(const View&) const = default;
};

// A named view state: which view, its parameters, camera and selection, and
// its display settings (View::display: a map's zoom and labels, a landscape's
// surface or contour map).
struct Bookmark {
    std::string name;
    std::string view;  // a View::id
    analysis::ParameterValues parameters = analysis::ParameterValues::object();
    std::optional<Camera> camera;
    std::vector<std::string> selection;
    nlohmann::json display = nlohmann::json::object();  // {} = none kept (version 1)

    bool operator==(const Bookmark&) const = default;
};

struct Layout {
    std::string current;  // the View::id shown; "" = the first
    // How the central area is split into panes (SplitLayout.h); null = the tabs alone.
    nlohmann::json split;

    bool operator==(const Layout&) const = default;
};

struct Session {
    SetSource set;
    std::vector<std::string> selection;  // the set's selected members, shared by every view
    std::vector<View> views;             // in tab order
    std::vector<Bookmark> bookmarks;
    Layout layout;

    bool operator==(const Session&) const = default;
};

// The names a view may have: every analysis, then kOverviewView.
std::vector<std::string> knownViewNames();

// An id for a new view of `analysis` that no view of `session` has yet:
// the analysis's name, then name-2, name-3 ...
std::string freeViewId(const Session& session, const std::string& analysis);

nlohmann::json toJson(const Session& session);

// Reads and checks a session. Every problem throws InvalidArgument (or
// FormatError for JSON that does not parse) naming `file` and the field:
// "s.modescape: views[1].parameters: --points: 0 is below the minimum 2".
// A newer version is refused; an unknown analysis or parameter lists the known ones.
Session fromJson(const nlohmann::json& json, const std::string& file);

// The file read, parsed and checked (fromJson).
Session readSession(const std::string& path);
// Written atomically (io::writeFileAtomically): a crash leaves the old file or the new one.
void writeSession(const std::string& path, const Session& session);

}  // namespace modescape::session
