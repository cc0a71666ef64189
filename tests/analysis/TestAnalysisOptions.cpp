// app/cli/AnalysisOptions.cpp: the example analysis's table bound to a CLI11
// App, parsed from argv like a subcommand. Values come back typed and with
// their defaults, `--dirs plane:A,B,C` fills two parameters, bad text names
// the flag, --help shows each parameter's default and choices, and the
// analysis's rule gives its one message.
#include <QtTest>

#include <CLI/CLI.hpp>

#include "app/cli/AnalysisOptions.h"
#include "core/common/Error.h"
#include "tests/common/ExampleAnalysis.h"

using namespace modescape;
using nlohmann::json;

namespace {

// The example's options on a fresh App, parsed from these arguments.
struct Parsed {
    CLI::App app{"example", "example"};
    cli::AnalysisOptions options{test::exampleAnalysis()};

    explicit Parsed(std::vector<std::string> args, const std::vector<std::string>& skip = {}) {
        options.define(app, skip);
        args.insert(args.begin(), "example");
        std::vector<char*> argv;
        for (auto& a : args)
            argv.push_back(a.data());
        app.parse(int(argv.size()), argv.data());
    }
};

// The message values() gives; empty when it succeeds.
QString valuesRefusal(const std::vector<std::string>& args) {
    Parsed p(args);
    try {
        p.options.values();
    } catch (const InvalidArgument& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestAnalysisOptions : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void nothingGivenMeansTheDefaults() {
        Parsed p({});
        QCOMPARE(p.options.given(), json::object());
        QCOMPARE(p.options.values(),
                 analysis::withDefaults(test::exampleAnalysis().parameters(), json::object()));
    }

    void givenValuesComeBackTyped() {
        Parsed p({"--points", "9", "--scale", "0.125", "--norm", "layer", "--members", "g/a,g/b",
                  "--recompute-bn", "--subset", "300", "--grid", "-2:2:9", "--label", "my slice"});
        const json given = p.options.given();
        QCOMPARE(given["points"], json(9));
        QVERIFY(given["points"].is_number_integer());
        QCOMPARE(given["scale"], json(0.125));
        QCOMPARE(given["norm"], json("layer"));
        QCOMPARE(given["members"], json({"g/a", "g/b"}));
        QCOMPARE(given["recompute-bn"], json(true));
        QCOMPARE(given["subset"], json(300));
        QCOMPARE(given["grid"], json("-2:2:9"));
        QCOMPARE(given["label"], json("my slice"));
        QCOMPARE(given.size(), std::size_t(8));
        const json values = p.options.values({{"set", "/sets/moons"}, {"a", "g/a"}});
        QCOMPARE(values["set"], json("/sets/moons"));  // positional, from the command
        QCOMPARE(values["a"], json("g/a"));
        QCOMPARE(values["dirs"], json("random"));  // not given: the default
        QCOMPARE(values["batch-size"], json(256));
    }

    void aSuffixFillsItsOwnParameter() {
        Parsed p({"--dirs", "plane:g/a,g/b,g/c"});
        const json values = p.options.values();
        QCOMPARE(values["dirs"], json("plane"));
        QCOMPARE(values["dir-members"], json({"g/a", "g/b", "g/c"}));
        // Without a suffix the word alone.
        Parsed q({"--dirs", "pca", "--dir-members", "a,b,c"});
        QCOMPARE(q.options.values()["dir-members"], json({"a", "b", "c"}));
    }

    void badTextNamesTheFlag() {
        QCOMPARE(valuesRefusal({"--points", "5x"}),
                 QString("--points: '5x' is not a whole number"));
        QCOMPARE(valuesRefusal({"--points", "2.5"}),
                 QString("--points: '2.5' is not a whole number"));
        QCOMPARE(valuesRefusal({"--scale", "abc"}), QString("--scale: 'abc' is not a number"));
        QCOMPARE(valuesRefusal({"--scale", "inf"}), QString("--scale: 'inf' is not a number"));
        // Checked by the table after parsing: range, and the analysis's rule.
        QCOMPARE(valuesRefusal({"--points", "1"}), QString("--points: 1 is below the minimum 2"));
        QCOMPARE(valuesRefusal({"--dirs", "pca:a,b"}),
                 QString("--dirs pca: needs at least 3 members, got 2"));
    }

    void aWrongChoiceIsAParseError() {
        try {
            Parsed p({"--norm", "diagonal"});
            QFAIL("--norm diagonal was parsed");
        } catch (const CLI::ValidationError& e) {
            QVERIFY2(QString(e.what()).contains("'diagonal' is not one of filter, layer, none"),
                     e.what());
        }
        try {
            Parsed p({"--dirs", "circle:a,b"});
            QFAIL("--dirs circle:a,b was parsed");
        } catch (const CLI::ValidationError& e) {
            QVERIFY2(QString(e.what()).contains("'circle' is not one of random, pca, plane"),
                     e.what());
        }
    }

    void helpShowsTheTablesText() {
        Parsed p({});
        const QString help = QString::fromStdString(p.app.help());
        for (const auto& spec : test::exampleAnalysis().parameters()) {
            if (spec.positional) {
                QVERIFY(p.options.option(spec.name) == nullptr);  // left to the command
                continue;
            }
            QVERIFY2(help.contains(QString::fromStdString(spec.flag)), qPrintable(help));
            QVERIFY2(
                help.contains(QString::fromStdString(analysis::cliHelp(spec))),
                qPrintable(QString::fromStdString(spec.flag) + " lacks its help in:\n" + help));
        }
        QVERIFY2(help.contains("(default: 51; points; from 2 to 1001)"), qPrintable(help));
        QVERIFY2(help.contains("one of random, pca, plane"), qPrintable(help));
    }

    void skippedParametersAreNotBound() {
        Parsed p({}, {"points"});
        QVERIFY(p.options.option("points") == nullptr);
        QVERIFY(p.options.option("scale") != nullptr);
        QVERIFY_THROWS_EXCEPTION(CLI::ParseError, Parsed({"--points", "3"}, {"points"}));
    }
};

QTEST_GUILESS_MAIN(TestAnalysisOptions)
#include "TestAnalysisOptions.moc"
