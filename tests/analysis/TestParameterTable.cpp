// core/analysis/Parameter.cpp on the example analysis's table: the messages of
// checkValues, withDefaults, isEnabled (a suffixed choice counts as its word),
// describeDefault / cliHelp texts, specToJson, and complete() with its rule.
#include <QtTest>

#include "core/analysis/Parameter.h"
#include "core/common/Error.h"
#include "tests/common/ExampleAnalysis.h"

using namespace modescape;
using analysis::ParameterValues;
using nlohmann::json;

namespace {

const analysis::ParameterList& table() {
    return test::exampleAnalysis().parameters();
}

const analysis::ParameterSpec& spec(const std::string& name) {
    return analysis::specNamed(table(), name);
}

// The message checkValues gives for these values; empty when they pass.
QString refusal(const json& values) {
    try {
        analysis::checkValues(table(), values);
    } catch (const InvalidArgument& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestParameterTable : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void acceptedValuesPass() {
        QCOMPARE(refusal(json::object()), QString());
        QCOMPARE(refusal({{"set", "/sets/moons"},
                          {"points", 2},
                          {"scale", 0},
                          {"dirs", "plane:A,B,C"},
                          {"dir-members", {"A", "B", "C"}},
                          {"subset", nullptr},
                          {"recompute-bn", true},
                          {"split", "train"}}),
                 QString());
    }

    void refusalsNameTheParameterAsTheUserKnowsIt() {
        QCOMPARE(refusal({{"norm", "diagonal"}}),
                 QString("--norm: 'diagonal' is not one of filter, layer, none"));
        // A suffixed choice is checked by its word only.
        QCOMPARE(refusal({{"dirs", "circle:A,B"}}),
                 QString("--dirs: 'circle' is not one of random, pca, plane"));
        QCOMPARE(refusal({{"split", "ood"}}), QString("--split: 'ood' is not one of train, test"));
        QCOMPARE(refusal({{"points", 2.5}}), QString("--points: expected a whole number, got 2.5"));
        QCOMPARE(refusal({{"points", 1}}), QString("--points: 1 is below the minimum 2"));
        QCOMPARE(refusal({{"points", 1002}}), QString("--points: 1002 is above the maximum 1001"));
        QCOMPARE(refusal({{"scale", -0.25}}), QString("--scale: -0.25 is below the minimum 0"));
        QCOMPARE(refusal({{"scale", "big"}}),
                 QString("--scale: expected a finite number, got \"big\""));
        QCOMPARE(refusal({{"recompute-bn", 1}}),
                 QString("--recompute-bn: expected true or false, got 1"));
        QCOMPARE(refusal({{"members", "a,b"}}),
                 QString("--members: expected a list of member names, got \"a,b\""));
        QCOMPARE(refusal({{"members", {"a", ""}}}),
                 QString("--members: expected a list of member names, got [\"a\",\"\"]"));
        // Positional parameters are named by their upper-case name.
        QCOMPARE(refusal({{"set", 3}}), QString("SET: expected text, got 3"));
        QCOMPARE(refusal({{"a", false}}), QString("A: expected text, got false"));
        QCOMPARE(refusal({{"pionts", 5}}),
                 QString("unknown parameter 'pionts' (accepted: set, a, points, scale, dirs, "
                         "dir-members, norm, split, subset, recompute-bn, grid, members, label, "
                         "weights, batch-size)"));
        QCOMPARE(refusal(json::array()), QString("parameters must be a JSON object, got []"));
    }

    void withDefaultsFillsOnlyWhatIsMissing() {
        const ParameterValues v = analysis::withDefaults(table(), {{"points", 7}, {"label", "x"}});
        QCOMPARE(v.size(), table().size());
        QCOMPARE(v["points"], json(7));
        QCOMPARE(v["label"], json("x"));
        QCOMPARE(v["scale"], json(0.5));
        QCOMPARE(v["dirs"], json("random"));
        QCOMPARE(v["recompute-bn"], json(false));   // a flag defaults to off
        QCOMPARE(v["dir-members"], json::array());  // members default to none
        QVERIFY(v["subset"].is_null());             // "the whole split" stays null
        QVERIFY(v["set"].is_null());
        // Not an object: the defaults alone.
        QCOMPARE(analysis::withDefaults(table(), nullptr),
                 analysis::withDefaults(table(), json::object()));
    }

    void enabledWhenCountsASuffixedChoiceAsItsWord() {
        const auto& members = spec("dir-members");
        const auto& norm = spec("norm");
        QVERIFY(analysis::isEnabled(members, {{"dirs", "plane:A,B,C"}}));
        QVERIFY(analysis::isEnabled(members, {{"dirs", "pca"}}));
        QVERIFY(!analysis::isEnabled(members, {{"dirs", "random"}}));
        QVERIFY(!analysis::isEnabled(members, json::object()));  // the condition's value is missing
        QVERIFY(analysis::isEnabled(norm, {{"dirs", "random"}}));
        QVERIFY(!analysis::isEnabled(norm, {{"dirs", "plane:A,B,C"}}));
        QVERIFY(analysis::isEnabled(spec("points"), json::object()));  // no condition
    }

    void defaultsReadAsTheUserWritesThem() {
        QCOMPARE(analysis::describeDefault(spec("points")), std::string("51"));
        QCOMPARE(analysis::describeDefault(spec("scale")), std::string("0.5"));
        QCOMPARE(analysis::describeDefault(spec("dirs")), std::string("random"));
        QCOMPARE(analysis::describeDefault(spec("recompute-bn")), std::string("off"));
        QCOMPARE(analysis::describeDefault(spec("subset")), std::string("the whole split"));
        QCOMPARE(analysis::describeDefault(spec("weights")), std::string("none"));
        QCOMPARE(analysis::describeDefault(spec("dir-members")), std::string("none"));
    }

    void cliHelpAddsDefaultChoicesUnitAndRange() {
        QCOMPARE(analysis::cliHelp(spec("points")),
                 std::string("Grid points per axis (default: 51; points; from 2 to 1001)"));
        QCOMPARE(analysis::cliHelp(spec("norm")),
                 std::string("Normalisation of random directions (default: filter; one of "
                             "filter, layer, none)"));
        QCOMPARE(
            analysis::cliHelp(spec("subset")),
            std::string("Samples drawn from the split (default: the whole split; at least 1)"));
        // A flag has no default to state; nor has the set.
        QCOMPARE(analysis::cliHelp(spec("recompute-bn")),
                 std::string("Recompute BatchNorm statistics at every point"));
        QCOMPARE(analysis::cliHelp(spec("set")), std::string("Checkpoint set"));
    }

    void specToJsonIsTheContractOfAnalysesJson() {
        const json points = analysis::specToJson(spec("points"));
        QCOMPARE(points["name"], json("points"));
        QCOMPARE(points["type"], json("integer"));
        QCOMPARE(points["flag"], json("--points"));
        QCOMPARE(points["positional"], json(false));
        QCOMPARE(points["default"], json(51));
        QCOMPARE(points["default_text"], json("51"));
        QCOMPARE(points["unit"], json("points"));
        QCOMPARE(points["minimum"], json(2.0));
        QCOMPARE(points["maximum"], json(1001.0));
        QCOMPARE(points["result_defining"], json(true));
        QVERIFY(!points.contains("suffix_parameter"));

        const json set = analysis::specToJson(spec("set"));
        QCOMPARE(set["positional"], json(true));
        QVERIFY(!set.contains("flag"));  // positional: no flag at all
        QCOMPARE(set["gui"], json(false));

        const json dirs = analysis::specToJson(spec("dirs"));
        QCOMPARE(dirs["choices"], json({"random", "pca", "plane"}));
        QCOMPARE(dirs["suffix_parameter"], json("dir-members"));
        QVERIFY(dirs["maximum"].is_null());

        QCOMPARE(analysis::specToJson(spec("norm"))["enabled_when"],
                 json::parse(R"([{"parameter":"dirs","values":["random"]}])"));
        const json batch = analysis::specToJson(spec("batch-size"));
        QCOMPARE(batch["advanced"], json(true));
        QCOMPARE(batch["result_defining"], json(false));
    }

    void completeAppliesDefaultsChecksAndTheRule() {
        const auto& example = test::exampleAnalysis();
        const ParameterValues v =
            example.complete({{"dirs", "plane"}, {"dir-members", {"A", "B", "C"}}});
        QCOMPARE(v["dirs"], json("plane"));
        QCOMPARE(v["points"], json(51));
        try {
            example.complete({{"dirs", "pca"}, {"dir-members", {"A", "B"}}});
            QFAIL("two PCA members were accepted");
        } catch (const InvalidArgument& e) {
            QCOMPARE(QString(e.what()), QString("--dirs pca: needs at least 3 members, got 2"));
        }
        // Provenance keeps the tuning-only batch size out when asked to.
        const json full = analysis::provenance(example, v);
        const json defining = analysis::provenance(example, v, true);
        QCOMPARE(full["analysis"], json("example"));
        QVERIFY(full["parameters"].contains("batch-size"));
        QVERIFY(!defining["parameters"].contains("batch-size"));
        QCOMPARE(defining["parameters"].size(), table().size() - 1);
    }
};

QTEST_GUILESS_MAIN(TestParameterTable)
#include "TestParameterTable.moc"
