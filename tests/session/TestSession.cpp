// Session files (core/session, docs/session.md): every field survives
// toJson -> text -> fromJson; bad input is refused with a message naming the
// file and the field (unknown analyses and parameters list the known ones, a
// newer version is refused); `--view` texts become checked parameters.
#include <QtTest>

#include <QTemporaryDir>

#include <fstream>

#include "core/analysis/Registry.h"
#include "core/common/Error.h"
#include "core/io/set/CheckpointSet.h"
#include "core/session/ResultKey.h"
#include "core/session/Session.h"
#include "core/session/SplitPanes.h"
#include "core/session/ViewSpec.h"

using namespace modescape;
using nlohmann::json;

namespace {

// A session with every field away from its default.
session::Session everyField() {
    session::Session s;
    s.set = {"/data/sets/moons", "mlp:widths=2:32:32:2", {"test=moons:n=200,seed=1"}, true};
    s.selection = {"ensemble/m1", "ensemble/m3"};

    session::View landscape;
    landscape.id = "landscape";
    landscape.analysis = "landscape";
    landscape.title = "Loss landscape";
    landscape.parameters = {{"grid", "-0.5:0.5:5,-0.5:0.5:5"},
                            {"directions", "plane"},
                            {"direction-members", {"ensemble/m1", "ensemble/m2", "ensemble/m3"}},
                            {"points-per-forward", 64},
                            {"recompute-bn", true}};
    landscape.display = {{"view", "contour"}};
    landscape.camera = session::Camera{{1.5, -2, 3.25}, {0.125, 0, 0.5}, {0, 0, 1}, 25, false, 1};
    landscape.result = session::ResultRef{"0123456789abcdef0123456789abcdef", false};

    session::View map;
    map.id = "project";
    map.analysis = "project";
    map.title = "Map";
    map.parameters = {{"method", "tsne"}, {"components", 2}};
    map.colourBy = "accuracy";
    map.display = {{"label_by", "meta:seed"}, {"window", {{"x", {-0.1, 0.3}}, {"y", {2.5, 4.75}}}}};
    map.camera = session::Camera{{0, 0, 10}, {0, 0, 0}, {0, 1, 0}, 30, true, 2.5};

    session::View overview;
    overview.id = "overview";
    overview.analysis = session::kOverviewView;
    overview.title = "Overview";

    s.views = {overview, landscape, map};
    s.bookmarks = {{"Two basins",
                    "landscape",
                    {{"grid", "-1:1:11,-1:1:11"}},
                    session::Camera{{3, 3, 3}, {0, 0, 0}, {0, 0, 1}, 40, false, 1},
                    {"ensemble/m2"}},
                   {"Map overview", "project", json::object(), std::nullopt, {}}};
    s.bookmarks[1].display = {{"label_by", "name"}, {"window", {{"x", {0, 1}}, {"y", {-2, 2}}}}};
    s.layout.current = "project";
    s.layout.split = {{"orientation", "horizontal"},
                      {"sizes", {0.25, 0.75}},
                      {"panes", {{{"tabs", true}}, {{"view", "project"}}}}};
    return s;
}

// fromJson's message for `value` (empty when it was accepted).
QString refusal(const json& value) {
    try {
        session::fromJson(value, "bad.modescape");
    } catch (const InvalidArgument& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestSession : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void everyFieldSurvivesTheRoundTrip() {
        const session::Session original = everyField();
        const std::string text = session::toJson(original).dump(2);
        const session::Session back = session::fromJson(json::parse(text), "s.modescape");
        // Field by field first, so a failure says which one.
        QVERIFY(back.set == original.set);
        QCOMPARE(back.selection, original.selection);
        QCOMPARE(back.views.size(), original.views.size());
        for (std::size_t i = 0; i < back.views.size(); ++i) {
            const auto& a = back.views[i];
            const auto& b = original.views[i];
            QCOMPARE(a.id, b.id);
            QCOMPARE(a.analysis, b.analysis);
            QCOMPARE(a.title, b.title);
            QCOMPARE(a.parameters.dump(), b.parameters.dump());
            QCOMPARE(a.display.dump(), b.display.dump());
            QVERIFY(a.camera == b.camera);
            QCOMPARE(a.colourBy, b.colourBy);
            QVERIFY(a.result == b.result);
        }
        QVERIFY(back.bookmarks == original.bookmarks);
        QVERIFY(back.layout == original.layout);
        QVERIFY(back == original);

        const json j = json::parse(text);
        QCOMPARE(j["format"], "modescape-session");
        QCOMPARE(j["version"], 2);
        QCOMPARE(j["views"][2]["display"]["window"]["x"][0].get<double>(), -0.1);
        QCOMPARE(j["bookmarks"][1]["display"]["label_by"], "name");
        // Camera numbers are written exactly (JSON doubles round-trip).
        QCOMPARE(j["views"][1]["camera"]["position"][2].get<double>(), 3.25);
    }

    // A version 1 file (before bookmarks kept display settings) still opens:
    // its bookmarks have none, its views' display settings are read as written.
    void versionOneFilesStillOpen() {
        json old = session::toJson(everyField());
        old["version"] = 1;
        for (json& bookmark : old["bookmarks"])
            bookmark.erase("display");
        old["views"][2]["display"] = json::object();  // a map of version 1: no label, no zoom
        const session::Session back = session::fromJson(old, "old.modescape");
        QCOMPARE(back.bookmarks.size(), std::size_t(2));
        QCOMPARE(back.bookmarks[1].display.dump(), std::string("{}"));
        QCOMPARE(back.views[2].display.dump(), std::string("{}"));
        QCOMPARE(back.views[1].display.dump(), json({{"view", "contour"}}).dump());
    }

    void writesAtomicallyAndReadsBack() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("a.modescape").toStdString();
        session::writeSession(path, everyField());
        QVERIFY(session::readSession(path) == everyField());
        // Only the file itself: no temporary left beside it.
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList{"a.modescape"});
    }

    void refusesBadInputNamingFileAndField() {
        const json good = session::toJson(everyField());

        json newer = good;
        newer["version"] = 3;
        QString message = refusal(newer);
        QVERIFY2(message.startsWith("bad.modescape: ") && message.contains("newer Modescape") &&
                     message.contains("version 3") && message.contains("up to 2"),
                 qPrintable(message));

        json badDisplay = good;
        badDisplay["bookmarks"][1]["display"] = "zoomed";
        message = refusal(badDisplay);
        QVERIFY2(message.contains("bookmarks[1].display") && message.contains("JSON object"),
                 qPrintable(message));

        json notSession = good;
        notSession["format"] = "something-else";
        QVERIFY(refusal(notSession).contains("not a Modescape session"));

        json unknownAnalysis = good;
        unknownAnalysis["views"][1]["analysis"] = "landscapes";
        message = refusal(unknownAnalysis);
        QVERIFY2(message.contains("views[1].analysis: unknown analysis 'landscapes'"),
                 qPrintable(message));
        for (const analysis::Analysis* a : analysis::allAnalyses())
            QVERIFY2(message.contains(QString::fromStdString(a->info().name)), qPrintable(message));
        QVERIFY(message.contains("overview"));

        json unknownParameter = good;
        unknownParameter["views"][1]["parameters"]["pionts"] = 3;
        message = refusal(unknownParameter);
        QVERIFY2(message.contains("views[1].parameters: unknown parameter 'pionts'") &&
                     message.contains("points-per-forward") && message.contains("grid"),
                 qPrintable(message));

        json badValue = good;
        badValue["views"][2]["parameters"]["components"] = 7;
        message = refusal(badValue);
        QVERIFY2(
            message == "bad.modescape: views[2].parameters: --components: 7 is above the maximum 3",
            qPrintable(message));

        json badChoice = good;
        badChoice["views"][1]["parameters"]["directions"] = "diagonal";
        QVERIFY(refusal(badChoice).contains("'diagonal' is not one of"));

        json setInView = good;
        setInView["views"][1]["parameters"]["set"] = "/elsewhere";
        QVERIFY(refusal(setInView).contains("the session's set"));

        json badCamera = good;
        badCamera["views"][1]["camera"]["position"] = {1, 2};
        QVERIFY(refusal(badCamera).contains("views[1].camera.position: expected three numbers"));

        json duplicate = good;
        duplicate["views"][2]["id"] = "landscape";
        QVERIFY(refusal(duplicate).contains("views[2].id: another view has the id 'landscape'"));

        json danglingBookmark = good;
        danglingBookmark["bookmarks"][0]["view"] = "gone";
        message = refusal(danglingBookmark);
        QVERIFY2(message.contains("bookmarks[0].view: no view has the id 'gone'") &&
                     message.contains("overview, landscape, project"),
                 qPrintable(message));

        json bookmarkValue = good;
        bookmarkValue["bookmarks"][0]["parameters"]["seed"] = -1;
        QVERIFY(refusal(bookmarkValue).contains("bookmarks[0].parameters: --seed: -1 is below"));

        json badLayout = good;
        badLayout["layout"]["current"] = "nowhere";
        QVERIFY(refusal(badLayout).contains("layout.current: no view has the id 'nowhere'"));
        json badPane = good;
        badPane["layout"]["split"]["panes"][1]["view"] = "nowhere";
        QVERIFY(refusal(badPane).startsWith(
            "bad.modescape: layout.split.panes[1].view: no view has the id 'nowhere'"));
        json noTabs = good;
        noTabs["layout"]["split"]["panes"][0] = {{"view", "landscape"}};
        QVERIFY(refusal(noTabs).contains("layout.split: expected exactly one tabs pane"));
        json badShares = good;
        badShares["layout"]["split"]["sizes"] = {1};
        QVERIFY(refusal(badShares).contains(
            "layout.split.sizes: expected one positive share per pane"));

        json typo = good;
        typo["views"][0]["colour"] = "group";
        QVERIFY(refusal(typo).contains("views[0]: unknown field 'colour'"));

        json badModel = good;
        badModel["set"]["model"] = "mlp:widths=banana";
        QVERIFY(refusal(badModel).startsWith("bad.modescape: set.model: "));

        json noPath = good;
        noPath["set"].erase("path");
        QVERIFY(refusal(noPath).contains("set.path: must be given"));
    }

    void unreadableFilesNameTheFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("broken.modescape").toStdString();
        std::ofstream(path) << "{\"format\": \"modescape-session\",";
        try {
            session::readSession(path);
            QFAIL("a truncated file was accepted");
        } catch (const FormatError& e) {
            QVERIFY2(
                QString(e.what()).startsWith(QString::fromStdString(path) + ": not valid JSON"),
                e.what());
        }
        QVERIFY_THROWS_EXCEPTION(IoError, session::readSession(dir.filePath("none").toStdString()));
    }

    void viewSpecsBecomeCheckedParameters() {
        session::Session s;
        // Commas inside a value (members, a 2-D grid) continue it; plane:A,B,C
        // fills directions and direction-members as --dirs does.
        const session::View v = session::parseViewSpec(
            "landscape:dirs=plane:a,b,c,grid=-1:1:5,-2:2:7,points-per-forward=16", s);
        QCOMPARE(v.id, std::string("landscape"));
        QCOMPARE(v.analysis, std::string("landscape"));
        QCOMPARE(v.parameters["directions"], "plane");
        QCOMPARE(v.parameters["direction-members"], json({"a", "b", "c"}));
        QCOMPARE(v.parameters["grid"], "-1:1:5,-2:2:7");
        QCOMPARE(v.parameters["points-per-forward"], 16);
        // The rest are the table's defaults; the set is the session's, not the view's.
        QCOMPARE(v.parameters["normalization"], "filter");
        QVERIFY(!v.parameters.contains("set"));
        QVERIFY(v.parameters.contains("batch-size") && v.parameters["batch-size"].is_null());

        s.views.push_back(v);
        QCOMPARE(session::parseViewSpec("landscape", s).id, std::string("landscape-2"));
        QCOMPARE(session::parseViewSpec("overview", s).parameters, json::object());
        QCOMPARE(
            session::parseViewSpec("project:method=mds,components=3", s).parameters["components"],
            3);
    }

    void badViewSpecsNameTheParameter_data() {
        QTest::addColumn<QString>("spec");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a number") << "landscape:points-per-forward=many"
                                      << "--view 'landscape:points-per-forward=many': "
                                         "--points-per-forward: 'many' is not a whole number";
        QTest::newRow("out of range") << "project:components=4"
                                      << "--view 'project:components=4': --components: 4 is "
                                         "above the maximum 3";
        QTest::newRow("unknown parameter")
            << "landscape:pionts=3"
            << "--view 'landscape:pionts=3': unknown parameter 'pionts' of landscape (accepted: "
               "center, directions,";
        // By the flag's name or the table's: the same parameter.
        QTest::newRow("bad choice by flag") << "landscape:norm=diagonal"
                                            << "--norm: 'diagonal' is not one of filter";
        QTest::newRow("bad choice by name") << "landscape:normalization=diagonal"
                                            << "--norm: 'diagonal' is not one of filter";
        QTest::newRow("unknown analysis")
            << "landscapes"
            << "--view 'landscapes': unknown analysis 'landscapes' (known: ";
        QTest::newRow("no value") << "landscape:grid"
                                  << "'grid' is not PARAMETER=VALUE";
        QTest::newRow("the set") << "landscape:set=/x"
                                 << "unknown parameter 'set'";
    }
    void badViewSpecsNameTheParameter() {
        QFETCH(QString, spec);
        QFETCH(QString, message);
        try {
            session::parseViewSpec(spec.toStdString(), {});
            QFAIL("accepted");
        } catch (const InvalidArgument& e) {
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }

    void resultKeysFollowTheResultDefiningValues() {
        io::CheckpointSet set;
        set.folder = "/sets/a";
        set.members.push_back({});
        set.members.back().name = "m1";
        set.members.back().path = "/sets/a/m1.safetensors";
        set.members.back().fileBytes = 100;
        const analysis::Analysis& landscape = analysis::analysisNamed("landscape");
        const std::string key = session::resultKey(landscape, {{"grid", "-1:1:5"}}, set);
        QCOMPARE(key.size(), std::size_t(32));
        // Defaults written out or left out, tuning-only values: the same result.
        QCOMPARE(session::resultKey(landscape, {{"grid", "-1:1:5"}, {"seed", 0}}, set), key);
        QCOMPARE(
            session::resultKey(landscape, {{"grid", "-1:1:5"}, {"points-per-forward", 8}}, set),
            key);
        // A result-defining value, or the set, changes it.
        QVERIFY(session::resultKey(landscape, {{"grid", "-1:1:7"}}, set) != key);
        io::CheckpointSet bigger = set;
        bigger.members.back().fileBytes = 101;
        QVERIFY(session::resultKey(landscape, {{"grid", "-1:1:5"}}, bigger) != key);
    }

    // render --all's layout figure: the panes tile the picture in their shares.
    void splitPanesTileThePicture() {
        // The tabs (current view "project") left of a top | bottom split of
        // shares 0.625 | 0.375; the left pane takes 0.25 of 801 pixels.
        const nlohmann::json split = {{"orientation", "horizontal"},
                                      {"sizes", {0.25, 0.75}},
                                      {"panes",
                                       {{{"tabs", true}},
                                        {{"orientation", "vertical"},
                                         {"sizes", {0.625, 0.375}},
                                         {"panes", {{{"view", "calibrate"}}, {{"view", ""}}}}}}}};
        const std::vector<session::PaneArea> areas =
            session::splitPaneAreas(split, 801, 400, "project");
        // 801 * 0.25 = 200.25 -> 200 columns, the other 601; 400 * 0.625 = 250 rows, then 150.
        const std::vector<session::PaneArea> expected = {
            {"project", 0, 0, 200, 400}, {"calibrate", 200, 0, 601, 250}, {"", 200, 250, 601, 150}};
        QVERIFY(areas == expected);
        // Shares that do not add up to 1 are proportions; the last pane ends at the edge:
        // 3 shares of 1 over 100 pixels give 33 | 34 | 33 (boundaries at 33.3 and 66.7).
        const nlohmann::json thirds = {
            {"orientation", "horizontal"},
            {"sizes", {1, 1, 1}},
            {"panes", {{{"view", "a"}}, {{"tabs", true}}, {{"view", "b"}}}}};
        const std::vector<session::PaneArea> three = session::splitPaneAreas(thirds, 100, 10, "t");
        QVERIFY(three == (std::vector<session::PaneArea>{
                             {"a", 0, 0, 33, 10}, {"t", 33, 0, 34, 10}, {"b", 67, 0, 33, 10}}));
        // No split: the whole picture is the tabs' view.
        QVERIFY(session::splitPaneAreas(nullptr, 50, 40, "x") ==
                (std::vector<session::PaneArea>{{"x", 0, 0, 50, 40}}));
    }
};

QTEST_GUILESS_MAIN(TestSession)
#include "TestSession.moc"
