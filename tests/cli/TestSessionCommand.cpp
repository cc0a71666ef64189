// `modescape session init` (issue 15): the default views of a set, --view
// texts with their parameters, the set's --model/--dataset kept, and wrong
// names or values refused with exit code 2 and a message naming them.
#include <QtTest>

#include <QTemporaryDir>

#include "core/session/Session.h"
#include "tests/common/RunModescape.h"
#include "tests/ui/SmallMlpSet.h"

using namespace modescape;
using modescape::test::runModescape;

class TestSessionCommand : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        set_ = dir_.filePath("set");
        test::writeSmallMlpSet(set_);
    }

    void writesTheDefaultViews() {
        const QString out = dir_.filePath("default.modescape");
        const auto run = runModescape({"session", "init", set_, "--out", out});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        QVERIFY2(run.out.contains("4 views (overview, landscape, project, calibrate)"),
                 qPrintable(run.out));
        const session::Session s = session::readSession(out.toStdString());
        QCOMPARE(QString::fromStdString(s.set.path), QFileInfo(set_).canonicalFilePath());
        QVERIFY(s.set.model.empty() && s.set.datasets.empty());
        std::vector<std::string> analyses;
        for (const auto& view : s.views)
            analyses.push_back(view.analysis);
        QCOMPARE(analyses,
                 (std::vector<std::string>{"overview", "landscape", "project", "calibrate"}));
        QCOMPARE(s.layout.current, std::string("overview"));
        // Each analysis view holds its table's defaults, written out.
        QCOMPARE(s.views[1].parameters["grid"], "-1:1:51,-1:1:51");
        QCOMPARE(s.views[1].parameters["directions"], "random");
        QCOMPARE(s.views[2].parameters["method"], "pca");
        QCOMPARE(s.views[2].title, std::string("Map"));
        QVERIFY(s.views[3].parameters.contains("bins"));
        QVERIFY(!s.views[1].parameters.contains("set"));
        QVERIFY(s.bookmarks.empty());
    }

    void writesTheNamedViewsWithTheirParameters() {
        const QString out = dir_.filePath("named.modescape");
        const auto run = runModescape(
            {"session", "init", set_, "--out", out, "--model", "mlp:widths=2:32:32:2", "--dataset",
             "test=moons:n=100,seed=3", "--view",
             "landscape:dirs=plane:ensemble/m1.safetensors,ensemble/m2.safetensors,ensemble/"
             "m3.safetensors,grid=-0.5:0.5:5,-0.5:0.5:5,points-per-forward=64",
             "--view", "project:method=mds,components=3", "--view", "landscape"});
        QVERIFY2(run.code == 0, qPrintable(run.err));
        const session::Session s = session::readSession(out.toStdString());
        QCOMPARE(s.set.model, std::string("mlp:widths=2:32:32:2"));
        QCOMPARE(s.set.datasets, std::vector<std::string>{"test=moons:n=100,seed=3"});
        QCOMPARE(s.views.size(), std::size_t(3));
        QCOMPARE(s.views[0].id, std::string("landscape"));
        QCOMPARE(s.views[0].parameters["directions"], "plane");
        QCOMPARE(s.views[0].parameters["direction-members"],
                 nlohmann::json({"ensemble/m1.safetensors", "ensemble/m2.safetensors",
                                 "ensemble/m3.safetensors"}));
        QCOMPARE(s.views[0].parameters["grid"], "-0.5:0.5:5,-0.5:0.5:5");
        QCOMPARE(s.views[0].parameters["points-per-forward"], 64);
        QCOMPARE(s.views[1].parameters["method"], "mds");
        QCOMPARE(s.views[1].parameters["components"], 3);
        QCOMPARE(s.views[2].id, std::string("landscape-2"));
        QCOMPARE(s.views[2].parameters["directions"], "random");
    }

    void refusesWrongNamesAndValues_data() {
        QTest::addColumn<QString>("view");
        QTest::addColumn<QString>("message");
        QTest::newRow("not a number") << "landscape:points-per-forward=many"
                                      << "--points-per-forward: 'many' is not a whole number";
        QTest::newRow("out of range") << "project:components=4"
                                      << "--components: 4 is above the maximum 3";
        QTest::newRow("unknown parameter")
            << "landscape:pionts=3"
            << "unknown parameter 'pionts' of landscape (accepted: center, directions,";
        QTest::newRow("unknown analysis")
            << "landscapes"
            << "unknown analysis 'landscapes' (known: landscape, project,";
        // The analysis's rules, and member names checked against the set.
        QTest::newRow("rule")
            << "landscape:dirs=line:ensemble/m1.safetensors,ensemble/m2.safetensors,"
               "ensemble/m3.safetensors"
            << "a line needs exactly 2 members";
        QTest::newRow("member") << "landscape:dirs=line:ensemble/m1.safetensors,nobody"
                                << "nobody";
    }
    void refusesWrongNamesAndValues() {
        QFETCH(QString, view);
        QFETCH(QString, message);
        const QString out = dir_.filePath("refused.modescape");
        const auto run = runModescape({"session", "init", set_, "--out", out, "--view", view});
        QCOMPARE(run.code, 2);
        QVERIFY2(run.err.contains("--view '" + view + "': ") && run.err.contains(message),
                 qPrintable(run.err));
        QVERIFY(!QFileInfo::exists(out));
    }
};

QTEST_GUILESS_MAIN(TestSessionCommand)
#include "TestSessionCommand.moc"
