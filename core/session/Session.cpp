#include "core/session/Session.h"
#include "core/common/JoinText.h"
#include "core/session/SplitLayout.h"

#include <algorithm>
#include <fstream>
#include <set>
#include <sstream>

#include "core/analysis/Registry.h"
#include "core/common/Error.h"
#include "core/common/Version.h"
#include "core/data/DatasetAssignment.h"
#include "core/io/AtomicFile.h"
#include "core/model/ModelSpecText.h"

namespace modescape::session {

namespace {

using nlohmann::json;

json cameraJson(const Camera& c) {
    return {{"position", c.position},
            {"focal_point", c.focalPoint},
            {"view_up", c.viewUp},
            {"view_angle", c.viewAngle},
            {"parallel_projection", c.parallel},
            {"parallel_scale", c.parallelScale}};
}

json optionalCamera(const std::optional<Camera>& camera) {
    return camera ? cameraJson(*camera) : json(nullptr);
}

// Reads one JSON object of the file, naming `where` ("views[2].camera") in
// every message, and refusing keys it does not know (a typo must not pass
// silently for a default).
class Reader {
  public:
    Reader(const json& value, std::string file, std::string where)
        : value_(value), file_(std::move(file)), where_(std::move(where)) {
        if (!value_.is_object())
            fail("expected a JSON object, got " + value_.dump());
    }

    [[noreturn]] void fail(const std::string& problem) const {
        throw InvalidArgument(file_ + ": " + (where_.empty() ? "" : where_ + ": ") + problem);
    }

    std::string field(const std::string& key) const {
        return where_.empty() ? key : where_ + "." + key;
    }
    Reader child(const std::string& key) const { return Reader(at(key), file_, field(key)); }
    Reader child(const json& value, const std::string& where) const {
        return Reader(value, file_, where);
    }
    const std::string& file() const { return file_; }

    // Fails when the object holds a key that is not one of `known`.
    void onlyKeys(const std::vector<std::string>& known) const {
        for (const auto& [key, value] : value_.items())
            if (std::find(known.begin(), known.end(), key) == known.end())
                fail("unknown field '" + key + "' (accepted: " + joinText(known) + ")");
    }

    bool has(const std::string& key) const {
        return value_.contains(key) && !value_.at(key).is_null();
    }
    const json& at(const std::string& key) const {
        if (!value_.contains(key))
            fail("the field '" + key + "' is missing");
        return value_.at(key);
    }

    std::string text(const std::string& key, const std::string& otherwise = "") const {
        if (!has(key))
            return otherwise;
        if (!at(key).is_string())
            failField(key, "expected text, got " + at(key).dump());
        return at(key).get<std::string>();
    }
    std::string requiredText(const std::string& key) const {
        const std::string value = text(key);
        if (value.empty())
            failField(key, "must be given (non-empty text)");
        return value;
    }
    bool flag(const std::string& key, bool otherwise) const {
        if (!has(key))
            return otherwise;
        if (!at(key).is_boolean())
            failField(key, "expected true or false, got " + at(key).dump());
        return at(key).get<bool>();
    }
    double number(const std::string& key, double otherwise) const {
        if (!has(key))
            return otherwise;
        if (!at(key).is_number())
            failField(key, "expected a number, got " + at(key).dump());
        return at(key).get<double>();
    }
    std::vector<std::string> texts(const std::string& key) const {
        std::vector<std::string> out;
        if (!has(key))
            return out;
        if (!at(key).is_array())
            failField(key, "expected a list of text, got " + at(key).dump());
        for (const auto& item : at(key)) {
            if (!item.is_string())
                failField(key, "expected a list of text, got " + at(key).dump());
            out.push_back(item.get<std::string>());
        }
        return out;
    }
    json object(const std::string& key) const {
        if (!has(key))
            return json::object();
        if (!at(key).is_object())
            failField(key, "expected a JSON object, got " + at(key).dump());
        return at(key);
    }
    std::array<double, 3> vector3(const std::string& key) const {
        const json& v = at(key);
        if (!v.is_array() || v.size() != 3 || !v[0].is_number() || !v[1].is_number() ||
            !v[2].is_number())
            failField(key, "expected three numbers, got " + v.dump());
        return {v[0].get<double>(), v[1].get<double>(), v[2].get<double>()};
    }

    [[noreturn]] void failField(const std::string& key, const std::string& problem) const {
        throw InvalidArgument(file_ + ": " + field(key) + ": " + problem);
    }

  private:
    const json& value_;
    std::string file_;
    std::string where_;
};

std::optional<Camera> cameraFrom(const Reader& owner, const std::string& key) {
    if (!owner.has(key))
        return std::nullopt;
    const Reader r = owner.child(key);
    r.onlyKeys({"position", "focal_point", "view_up", "view_angle", "parallel_projection",
                "parallel_scale"});
    Camera c;
    c.position = r.vector3("position");
    c.focalPoint = r.vector3("focal_point");
    c.viewUp = r.vector3("view_up");
    c.viewAngle = r.number("view_angle", c.viewAngle);
    c.parallel = r.flag("parallel_projection", c.parallel);
    c.parallelScale = r.number("parallel_scale", c.parallelScale);
    if (c.position == c.focalPoint)
        r.fail("position and focal_point are the same point");
    if (!(c.viewAngle > 0 && c.viewAngle < 180))
        r.failField("view_angle", "must lie between 0 and 180 degrees");
    return c;
}

// The parameters of a view of `analysisName`, checked against its table.
analysis::ParameterValues parametersFrom(const Reader& owner, const std::string& analysisName) {
    const json values = owner.object("parameters");
    if (analysisName == kOverviewView) {
        if (!values.empty())
            owner.failField("parameters", "the overview has no parameters");
        return values;
    }
    const analysis::Analysis& analysis = analysis::analysisNamed(analysisName);
    try {
        analysis::checkValues(analysis.parameters(), values);
    } catch (const InvalidArgument& e) {
        owner.failField("parameters", e.what());
    }
    for (const auto& spec : analysis.parameters())
        if (spec.kind == analysis::ParameterKind::Set && values.contains(spec.name))
            owner.failField("parameters", "'" + spec.name +
                                              "' is the session's set (the field set.path), "
                                              "not a view's parameter");
    return values;
}

SetSource setFrom(const Reader& top) {
    const Reader r = top.child("set");
    r.onlyKeys({"path", "model", "datasets", "allow_outside"});
    SetSource set;
    set.path = r.requiredText("path");
    set.model = r.text("model");
    set.datasets = r.texts("datasets");
    set.allowOutside = r.flag("allow_outside", false);
    if (!set.model.empty()) {
        try {
            model::parseModelSpecText(set.model);
        } catch (const InvalidArgument& e) {
            r.failField("model", e.what());
        }
    }
    for (std::size_t i = 0; i < set.datasets.size(); ++i) {
        try {
            data::parseDatasetAssignment(set.datasets[i], "'" + set.datasets[i] + "'");
        } catch (const InvalidArgument& e) {
            r.failField("datasets[" + std::to_string(i) + "]", e.what());
        }
    }
    return set;
}

View viewFrom(const Reader& r) {
    r.onlyKeys(
        {"id", "analysis", "title", "parameters", "display", "camera", "colour_by", "result"});
    View view;
    view.id = r.requiredText("id");
    view.analysis = r.requiredText("analysis");
    const auto known = knownViewNames();
    if (std::find(known.begin(), known.end(), view.analysis) == known.end())
        r.failField("analysis",
                    "unknown analysis '" + view.analysis + "' (known: " + joinText(known) + ")");
    view.title = r.text("title");
    view.parameters = parametersFrom(r, view.analysis);
    view.display = r.object("display");
    view.camera = cameraFrom(r, "camera");
    view.colourBy = r.text("colour_by");
    if (r.has("result")) {
        const Reader result = r.child("result");
        result.onlyKeys({"key", "complete"});
        ResultRef ref;
        ref.key = result.requiredText("key");
        if (ref.key.size() != 32 ||
            ref.key.find_first_not_of("0123456789abcdef") != std::string::npos)
            result.failField("key", "expected 32 lower-case hex digits, got '" + ref.key + "'");
        ref.complete = result.flag("complete", true);
        view.result = ref;
    }
    return view;
}

const View* viewWithId(const std::vector<View>& views, const std::string& id) {
    for (const View& view : views)
        if (view.id == id)
            return &view;
    return nullptr;
}

std::string viewIds(const std::vector<View>& views) {
    std::vector<std::string> ids;
    for (const View& view : views)
        ids.push_back(view.id);
    return ids.empty() ? "none" : joinText(ids);
}

Bookmark bookmarkFrom(const Reader& r, const std::vector<View>& views) {
    r.onlyKeys({"name", "view", "parameters", "display", "camera", "selection"});
    Bookmark bookmark;
    bookmark.name = r.requiredText("name");
    bookmark.view = r.requiredText("view");
    const View* view = viewWithId(views, bookmark.view);
    if (!view)
        r.failField("view", "no view has the id '" + bookmark.view +
                                "' (the views: " + viewIds(views) + ")");
    bookmark.parameters = parametersFrom(r, view->analysis);
    bookmark.display = r.object("display");  // version 2; a version 1 bookmark has none
    bookmark.camera = cameraFrom(r, "camera");
    bookmark.selection = r.texts("selection");
    return bookmark;
}

}  // namespace

std::vector<std::string> knownViewNames() {
    std::vector<std::string> names;
    for (const analysis::Analysis* a : analysis::allAnalyses())
        names.push_back(a->info().name);
    names.push_back(kOverviewView);
    return names;
}

std::string freeViewId(const Session& session, const std::string& analysis) {
    std::string id = analysis;
    for (int n = 2; viewWithId(session.views, id); ++n)
        id = analysis + "-" + std::to_string(n);
    return id;
}

json toJson(const Session& session) {
    json views = json::array();
    for (const View& v : session.views) {
        json result = nullptr;
        if (v.result)
            result = {{"key", v.result->key}, {"complete", v.result->complete}};
        views.push_back({{"id", v.id},
                         {"analysis", v.analysis},
                         {"title", v.title},
                         {"parameters", v.parameters},
                         {"display", v.display},
                         {"camera", optionalCamera(v.camera)},
                         {"colour_by", v.colourBy},
                         {"result", result}});
    }
    json bookmarks = json::array();
    for (const Bookmark& b : session.bookmarks)
        bookmarks.push_back({{"name", b.name},
                             {"view", b.view},
                             {"parameters", b.parameters},
                             {"display", b.display},
                             {"camera", optionalCamera(b.camera)},
                             {"selection", b.selection}});
    return {{"format", kFormat},
            {"version", kVersion},
            {"modescape", modescapeVersion()},
            {"set",
             {{"path", session.set.path},
              {"model", session.set.model},
              {"datasets", session.set.datasets},
              {"allow_outside", session.set.allowOutside}}},
            {"selection", session.selection},
            {"views", views},
            {"bookmarks", bookmarks},
            {"layout", {{"current", session.layout.current}, {"split", session.layout.split}}}};
}

Session fromJson(const json& value, const std::string& file) {
    const Reader top(value, file, "");
    if (!top.has("format") || top.at("format") != kFormat)
        top.fail(std::string("not a Modescape session (expected \"format\": \"") + kFormat + "\")");
    if (!top.has("version") || !top.at("version").is_number_integer())
        top.failField("version", "expected a whole number");
    const int version = top.at("version").get<int>();
    if (version > kVersion)
        top.fail("written by a newer Modescape (session version " + std::to_string(version) +
                 "; this Modescape reads versions up to " + std::to_string(kVersion) +
                 "): update Modescape to open it");
    if (version < 1)
        top.failField("version", "must be at least 1, got " + std::to_string(version));
    top.onlyKeys(
        {"format", "version", "modescape", "set", "selection", "views", "bookmarks", "layout"});

    Session session;
    session.set = setFrom(top);
    session.selection = top.texts("selection");

    if (top.has("views")) {
        if (!top.at("views").is_array())
            top.failField("views", "expected a list of views");
        std::set<std::string> ids;
        for (std::size_t i = 0; i < top.at("views").size(); ++i) {
            const std::string where = "views[" + std::to_string(i) + "]";
            View view = viewFrom(top.child(top.at("views")[i], where));
            if (!ids.insert(view.id).second)
                top.child(top.at("views")[i], where)
                    .failField("id", "another view has the id '" + view.id + "'");
            session.views.push_back(std::move(view));
        }
    }
    if (top.has("bookmarks")) {
        if (!top.at("bookmarks").is_array())
            top.failField("bookmarks", "expected a list of bookmarks");
        for (std::size_t i = 0; i < top.at("bookmarks").size(); ++i)
            session.bookmarks.push_back(bookmarkFrom(
                top.child(top.at("bookmarks")[i], "bookmarks[" + std::to_string(i) + "]"),
                session.views));
    }
    if (top.has("layout")) {
        const Reader layout = top.child("layout");
        layout.onlyKeys({"current", "split"});
        session.layout.current = layout.text("current");
        if (!session.layout.current.empty() && !viewWithId(session.views, session.layout.current))
            layout.failField("current", "no view has the id '" + session.layout.current +
                                            "' (the views: " + viewIds(session.views) + ")");
        if (layout.has("split")) {
            session.layout.split = layout.at("split");
            std::vector<std::string> ids;
            for (const View& view : session.views)
                ids.push_back(view.id);
            checkSplitLayout(session.layout.split, ids, file + ": layout.split");
        }
    }
    return session;
}

Session readSession(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw IoError(path, "cannot be read (no such file, or no permission)");
    std::ostringstream text;
    text << in.rdbuf();
    json value;
    try {
        value = json::parse(text.str());
    } catch (const json::parse_error& e) {
        throw FormatError(path, std::string("not valid JSON: ") + e.what());
    }
    return fromJson(value, path);
}

void writeSession(const std::string& path, const Session& session) {
    io::writeFileAtomically(path, toJson(session).dump(2) + "\n");
}

}  // namespace modescape::session
