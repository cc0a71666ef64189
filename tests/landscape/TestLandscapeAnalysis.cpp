// The "landscape" analysis: its choices are the enums' word tables, values
// round-trip through LandscapeSettings and JSON, the PCA member count has one
// message, the rules check members and roles against the set, and a grid
// computed in two halves merges into the grid computed whole, bit for bit.
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

#include "core/analysis/LandscapeAnalysis.h"
#include "core/analysis/ParameterText.h"
#include "core/analysis/Registry.h"
#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/landscape/LandscapeJson.h"
#include "tests/ui/SmallMlpSet.h"

using namespace modescape;
using namespace modescape::analysis;
using landscape::LandscapeResult;
using landscape::LandscapeSettings;

namespace {

// The message complete() refuses the values with ("" when it accepts them).
std::string refusal(const ParameterValues& given, const io::CheckpointSet* set = nullptr) {
    try {
        landscapeAnalysis().complete(given, set);
    } catch (const InvalidArgument& e) {
        return e.what();
    }
    return "";
}

const LandscapeResult& surface(const std::any& result) {
    return std::any_cast<const LandscapeResult&>(result);
}

}  // namespace

class TestLandscapeAnalysis : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    std::shared_ptr<const io::CheckpointSet> set_;
    std::string a_, b_, c_;  // the set's three members

  private Q_SLOTS:
    void initTestCase() {
        set_ = test::writeSmallMlpSet(dir_.filePath("set"));
        QCOMPARE(set_->members.size(), std::size_t(3));
        a_ = set_->members[0].name;
        b_ = set_->members[1].name;
        c_ = set_->members[2].name;
    }

    void choicesAreTheEnumsWords() {
        QCOMPARE(&analysisNamed("landscape"), &landscapeAnalysis());
        const auto& list = landscapeAnalysis().parameters();
        QCOMPARE(specNamed(list, "directions").choices, wordsOf(landscape::kDirectionSourceWords));
        QCOMPARE(specNamed(list, "normalization").choices, wordsOf(landscape::kNormalizationWords));
        QCOMPARE(specNamed(list, "ignore").choices, wordsOf(landscape::kIgnoreModeWords));
        QCOMPARE(specNamed(list, "scope").choices, wordsOf(landscape::kDirectionScopeWords));
        QCOMPARE(specNamed(list, "engine").choices, wordsOf(landscape::kEngineWords));
        // The defaults are the settings struct's.
        QCOMPARE(landscape::settingsToJson(landscapeSettingsFrom(landscapeAnalysis().complete({})))
                     .dump(),
                 landscape::settingsToJson(LandscapeSettings{}).dump());
    }

    void valuesRoundTripThroughSettingsAndJson() {
        const std::vector<ParameterValues> cases{
            nlohmann::json::object(),
            {{"directions", "plane"},
             {"direction-members", {a_, b_, c_}},
             {"center", {b_}},
             {"grid", "-0.5:1.5:7,0.1:0.30000000000000004:3"}},
            {{"directions", "line"}, {"direction-members", {a_, b_}}, {"grid", "0:1:11"}},
            {{"directions", "pca"},
             {"direction-members", {a_, b_, c_}},
             {"center", {a_, c_}},
             {"scope", "states"},
             {"seed", 7},
             {"split", "train"},
             {"subset", 50},
             {"recompute-bn", true},
             {"bn-samples", 20},
             {"engine", "batched"},
             {"points-per-forward", 4},
             {"batch-size", 64}},
            {{"directions", "file"},
             {"direction-file", "/data/directions.h5"},
             {"grid", "-2:2:5,-1e-05:3:2"},
             {"engine", "naive"}},
            {{"normalization", "layer"}, {"ignore", "none"}, {"seed", 123456789}},
            {{"directions", "hessian"}, {"eigenvectors", "3,1"}, {"normalization", "none"}},
        };
        for (const auto& given : cases) {
            const ParameterValues values = landscapeAnalysis().complete(given);
            // values -> JSON text -> values -> settings -> values
            const auto parsed = ParameterValues::parse(values.dump());
            const LandscapeSettings settings = landscapeSettingsFrom(parsed);
            ParameterValues back = valuesFrom(settings);
            back["set"] = values["set"];
            QVERIFY2(back == values,
                     qPrintable(QString::fromStdString(back.dump() + "\n  vs\n" + values.dump())));
            // settings -> values -> settings
            QCOMPARE(landscape::settingsToJson(landscapeSettingsFrom(valuesFrom(settings))).dump(),
                     landscape::settingsToJson(settings).dump());
        }
    }

    void suffixFormsEqualTheirParameters() {
        const auto settingsJson = [](const ParameterValues& given) {
            return landscape::settingsToJson(
                       landscapeSettingsFrom(landscapeAnalysis().complete(given)))
                .dump();
        };
        QCOMPARE(settingsJson({{"directions", "plane:" + a_ + "," + b_ + "," + c_}}),
                 settingsJson({{"directions", "plane"}, {"direction-members", {a_, b_, c_}}}));
        QCOMPARE(settingsJson({{"directions", "file:/d/x,y.h5"}}),
                 settingsJson({{"directions", "file"}, {"direction-file", "/d/x,y.h5"}}));
        QCOMPARE(settingsJson({{"directions", "hessian:4,2"}}),
                 settingsJson({{"directions", "hessian"}, {"eigenvectors", "4,2"}}));
        QVERIFY(settingsJson({{"directions", "hessian:4,2"}}).find("\"eigenvectors\":[4,2]") !=
                std::string::npos);
        // As the CLI and `session init --view` read WORD:SUFFIX: the suffix goes
        // to the parameter that applies to the word.
        const auto& list = landscapeAnalysis().parameters();
        const auto& dirs = specNamed(list, "directions");
        QCOMPARE(valuesFromText(list, dirs, "hessian:4,2"),
                 (ParameterValues{{"directions", "hessian"}, {"eigenvectors", "4,2"}}));
        QCOMPARE(valuesFromText(list, dirs, "file:/d/x.h5"),
                 (ParameterValues{{"directions", "file"}, {"direction-file", "/d/x.h5"}}));
        QCOMPARE(
            valuesFromText(list, dirs, "plane:A,B,C"),
            (ParameterValues{{"directions", "plane"}, {"direction-members", {"A", "B", "C"}}}));
        // A line is 1-D whatever the grid: its first axis.
        const auto line = landscapeSettingsFrom(landscapeAnalysis().complete(
            {{"directions", "line"}, {"direction-members", {a_, b_}}}));
        QCOMPARE(line.dimensions, 1);
        QCOMPARE(gridText(line), std::string("-1:1:51"));
    }

    void pcaMemberCountHasOneMessage() {
        const std::string expected =
            "landscape: PCA directions need at least 3 members (none = all of the set's), got 2";
        QCOMPARE(landscape::tooFewPcaMembers(2), expected);
        QCOMPARE(refusal({{"directions", "pca"}, {"direction-members", {a_, b_}}}), expected);
        QCOMPARE(refusal({{"directions", "pca:" + a_ + "," + b_}}), expected);
        LandscapeSettings s;
        s.directions = landscape::DirectionSource::Pca;
        s.directionMembers = {a_, b_};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, landscape::validate(s));
        try {
            landscape::validate(s);
        } catch (const InvalidArgument& e) {
            QCOMPARE(std::string(e.what()), expected);
        }
        // None = every member of the set; three are enough.
        QCOMPARE(refusal({{"directions", "pca"}}), std::string());
        QCOMPARE(refusal({{"directions", "pca"}, {"direction-members", {a_, b_, c_}}}),
                 std::string());
    }

    void rulesCheckTheSetWhenGiven() {
        QCOMPARE(refusal({{"center", {"nobody"}}}), std::string());
        QCOMPARE(refusal({{"center", {"nobody"}}}, set_.get()),
                 "--center: " + set_->folder + " has no member named 'nobody'");
        QCOMPARE(refusal({{"directions", "line:" + a_ + ",nobody"}}, set_.get()),
                 "--dirs: " + set_->folder + " has no member named 'nobody'");
        QCOMPARE(refusal({{"split", "ood"}}, set_.get()),
                 "--split: " + set_->folder + " has no 'ood' dataset (it has: test)");
        QCOMPARE(refusal({{"split", "validation"}}),
                 std::string("--split: 'validation' is not one of train, test, ood"));
        QCOMPARE(refusal({{"grid", "-1:1"}}),
                 std::string("--grid: expected FROM:TO:COUNT, got '-1:1'"));
        QCOMPARE(
            refusal(
                {{"directions", "plane"}, {"direction-members", {a_, b_, c_}}, {"grid", "0:1:3"}}),
            std::string("--dirs plane is a 2-D slice: give --grid X0:X1:NX,Y0:Y1:NY"));
    }

    // Issue 19, item 16: for member directions the default range is the
    // anchors' with a 25% margin (the old -1:1 put the plane's second member on
    // the edge and cut a third member beyond 1 off); --range grid keeps the
    // grid's range; a fitted surface resumes with the same values.
    void memberDirectionsDefaultToARangeShowingEveryAnchor() {
        // [0, 1] (the centre and the anchors) widened by 0.25, rounded outward
        // to tenths: within one tenth beyond the margin.
        const landscape::GridAxis axis = landscape::fittedAxis({0.0, 1.0, 0.6}, 7);
        QCOMPARE(axis.count, 7);
        QVERIFY(axis.from <= -0.25 && axis.from >= -0.35 - 1e-12);
        QVERIFY(axis.to >= 1.25 && axis.to <= 1.35 + 1e-12);
        const landscape::GridAxis none = landscape::fittedAxis({0.0, 0.0}, 3);
        QVERIFY(none.from == -1.0 && none.to == 1.0);

        SetWorkspace workspace(*set_);
        const ParameterValues plane{{"directions", "plane"},
                                    {"direction-members", {a_, b_, c_}},
                                    {"grid", "-1:1:7,-1:1:5"},
                                    {"subset", 50}};
        const ParameterValues values = landscapeAnalysis().complete(plane);
        QCOMPARE(values["range"].get<std::string>(), std::string("anchors"));
        const std::any result = landscapeAnalysis().run(workspace, values, {});
        const LandscapeResult& r = surface(result);
        QCOMPARE(r.nx(), 7);
        QCOMPARE(r.ny(), 5);
        QVERIFY(r.settings.fitRange);
        QCOMPARE(r.markers.size(), std::size_t(3));
        // Every anchor at least 1/6 of the range inside each end: a margin of
        // 25% of the anchors' span is 1/6 of a range 1.5 spans wide (less
        // rounding, which only widens the range).
        const double width = r.xs.back() - r.xs.front(), height = r.ys.back() - r.ys.front();
        for (const auto& m : r.markers) {
            QVERIFY2(
                m.x >= r.xs.front() + width / 6.0 - 1e-9 && m.x <= r.xs.back() - width / 6.0 + 1e-9,
                qPrintable(QString("%1 at x %2").arg(QString::fromStdString(m.name)).arg(m.x)));
            QVERIFY2(
                m.y >= r.ys.front() + height / 6.0 - 1e-9 &&
                    m.y <= r.ys.back() - height / 6.0 + 1e-9,
                qPrintable(QString("%1 at y %2").arg(QString::fromStdString(m.name)).arg(m.y)));
        }
        // The same values continue it (the range follows from the directions),
        // and the settings keep the fit through their JSON.
        QCOMPARE(landscape::differingSettings(landscapeSettingsFrom(values), r.settings),
                 std::string());
        QVERIFY(
            landscape::settingsFromJson(landscape::settingsToJson(r.settings), "test").fitRange);

        // The user's range wins when asked for.
        ParameterValues fixed = plane;
        fixed["range"] = "grid";
        const std::any asGiven =
            landscapeAnalysis().run(workspace, landscapeAnalysis().complete(fixed), {});
        QCOMPARE(surface(asGiven).xs.front(), -1.0);
        QCOMPARE(surface(asGiven).xs.back(), 1.0);
        QVERIFY(!surface(asGiven).settings.fitRange);
    }

    // The naive engine evaluates each point in its own forward, so a point's
    // value does not depend on which other points a run computes: the merged
    // halves equal the whole exactly, not merely within rounding.
    void halvesMergeIntoTheWhole() {
        SetWorkspace workspace(*set_);
        const ParameterValues values = landscapeAnalysis().complete(
            {{"grid", "-1:1:4,-0.5:0.5:3"}, {"engine", "naive"}, {"subset", 100}, {"seed", 2}});
        QCOMPARE(landscapeAnalysis().workUnits(workspace, values).count, std::int64_t(12));
        const std::any whole = landscapeAnalysis().run(workspace, values, {});

        RunOptions first, second;
        first.units = {0, 1, 2, 3, 4, 5};
        second.units = {6, 7, 8, 9, 10, 11};
        const std::any partA = landscapeAnalysis().run(workspace, values, {}, first);
        const std::any partB = landscapeAnalysis().run(workspace, values, {}, second);
        QCOMPARE(surface(partA).computedPoints(), std::int64_t(6));
        QCOMPARE(surface(partA).computed,
                 (std::vector<std::uint8_t>{1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0}));
        QCOMPARE(surface(partB).pointsComputedLastRun, std::int64_t(6));

        std::any merged = partA;
        landscapeAnalysis().merge(merged, partB);
        // And the other way round, into an empty grid.
        std::any fromEmpty = landscape::makeEmptyResult(surface(whole).settings);
        landscapeAnalysis().merge(fromEmpty, partB);
        landscapeAnalysis().merge(fromEmpty, partA);
        for (const std::any* m : {&merged, &fromEmpty}) {
            const auto& r = surface(*m);
            QVERIFY(r.complete());
            QCOMPARE(r.loss, surface(whole).loss);  // operator==: exact
            QCOMPARE(r.accuracy, surface(whole).accuracy);
            QCOMPARE(r.centerLoss, surface(whole).centerLoss);
            QCOMPARE(r.centerName, surface(whole).centerName);
            QCOMPARE(r.inputs.members, surface(whole).inputs.members);
            QCOMPARE(r.inputs.data, surface(whole).inputs.data);
            QCOMPARE(r.pointsComputedLastRun, std::int64_t(12));
        }
        // A part outside the grid is refused.
        RunOptions outside;
        outside.units = {12};
        QVERIFY_THROWS_EXCEPTION(InvalidArgument,
                                 landscapeAnalysis().run(workspace, values, {}, outside));
    }

    void resultsRecordTheirProvenance() {
        SetWorkspace workspace(*set_);
        ParameterValues given{{"grid", "0:1:2"}, {"subset", 20}};
        given["set"] = set_->folder;
        const ParameterValues values = landscapeAnalysis().complete(given);
        std::vector<std::int64_t> rows;
        RunOptions options;
        options.onPartial = [&](const std::any& partial) {
            rows.push_back(surface(partial).computedPoints());
        };
        const std::any result = landscapeAnalysis().run(workspace, values, {}, options);
        QCOMPARE(rows.back(), std::int64_t(2));
        const nlohmann::json json = landscapeAnalysis().resultJson(result);
        QVERIFY(json["grid"] == nlohmann::json({2, 1}));
        QCOMPARE(json["points_total"].get<int>(), 2);
        QCOMPARE(json["samples"].get<int>(), 20);

        // What the result files keep, read back; an older file has none.
        LandscapeResult back;
        landscape::resultMetadataFromJson(landscape::resultMetadataToJson(surface(result)), back,
                                          "test");
        const auto stored = nlohmann::json::parse(back.provenance);
        QCOMPARE(stored["analysis"].get<std::string>(), std::string("landscape"));
        QVERIFY(stored["parameters"] == values);
        auto older = landscape::resultMetadataToJson(surface(result));
        older.erase("provenance");
        landscape::resultMetadataFromJson(older, back, "test");
        QVERIFY(back.provenance.empty());

        // Continuing it with other result-defining values is refused, naming them.
        const ParameterValues other =
            landscapeAnalysis().complete({{"grid", "0:1:2"}, {"subset", 30}});
        RunOptions resume;
        resume.resumeFrom = &result;
        try {
            landscapeAnalysis().run(workspace, other, {}, resume);
            QFAIL("resumed with another subset");
        } catch (const InvalidArgument& e) {
            QVERIFY2(std::string(e.what()).find("subset") != std::string::npos, e.what());
        }
    }
};

QTEST_APPLESS_MAIN(TestLandscapeAnalysis)
#include "TestLandscapeAnalysis.moc"
