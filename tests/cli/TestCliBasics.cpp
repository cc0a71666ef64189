// The command line's contract: versions, help, and for every subcommand exit
// code 2 for bad arguments (before any work) and 1 for work that failed.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QTemporaryDir>

#include "tests/common/RunModescape.h"

using modescape::test::Run;
using modescape::test::runModescape;

namespace {

const QStringList kSubcommands{"demo",      "make-set", "eval",    "calibrate",
                               "info",      "symmetry", "project", "mmd",
                               "landscape", "connect",  "gui",     "uncertainty"};

}  // namespace

class TestCliBasics : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("XDG_CACHE_HOME", dir_.filePath("cache").toUtf8());
    }

    void everySubcommandRefusesAnUnknownOptionWithTwo() {
        const QString set = dir_.filePath("no-set"), out = dir_.filePath("no-out");
        for (const QString& sub : kSubcommands) {
            // Every required argument given, so the unknown option is the one error.
            QStringList args{sub};
            if (sub == "make-set")
                args << "two-moons"
                     << "--out" << out;
            else if (sub == "symmetry")
                args << set << "--out" << out;
            else if (sub != "demo" && sub != "gui")
                args << set;
            const Run r = runModescape(args << "--no-such-option");
            QVERIFY2(r.code == 2, qPrintable(sub + " exited " + QString::number(r.code)));
            QVERIFY2(r.err.contains("--no-such-option"), qPrintable(sub + ": " + r.err));
        }
    }

    void missingOrWrongArgumentsExitTwo() {
        const QString notASet = dir_.filePath("empty");
        QVERIFY(QDir().mkpath(notASet));
        const struct {
            QStringList args;
            QString says;
        } cases[] = {
            {{"make-set"}, "RECIPE"},
            {{"make-set", "two-moons"}, "--out"},
            {{"make-set", "no-such-recipe", "--out", dir_.filePath("s")}, "no-such-recipe"},
            {{"eval"}, "SET"},
            {{"calibrate"}, "SET"},
            {{"uncertainty"}, "SET"},
            {{"calibrate", notASet, "--binning", "quantile"}, "quantile"},
            {{"uncertainty", notASet, "--histogram-bins", "1"}, "--histogram-bins"},
            {{"info"}, "SET"},
            {{"symmetry", notASet}, "--out"},
            {{"symmetry", notASet, "--scaling", "sideways", "--out", dir_.filePath("s")},
             "sideways"},
            {{"project"}, "SET"},
            {{"mmd"}, "SET"},
            {{"landscape"}, "SET"},
            {{"landscape", notASet, "--grid", "nonsense"}, "nonsense"},
            {{"connect"}, "SET"},
            {{"--progress", "sideways", "info", notASet}, "sideways"},
            {{"--memory", "lots", "info", notASet}, "lots"},
        };
        for (const auto& c : cases) {
            const Run r = runModescape(c.args);
            const QString what =
                c.args.join(' ') + " exited " + QString::number(r.code) + ": " + r.err;
            QVERIFY2(r.code == 2, qPrintable(what));
            QVERIFY2(r.err.contains(c.says), qPrintable(what));
            QVERIFY2(r.out.isEmpty(), qPrintable(what));
        }
        QVERIFY(!QFile::exists(dir_.filePath("s")));
    }

    // Arguments that parse, work that cannot be done: exit 1, saying why.
    void failedWorkExitsOne() {
        const QString notASet = dir_.filePath("not-a-set");
        QVERIFY(QDir().mkpath(notASet));
        const struct {
            QStringList args;
            QString says;
        } cases[] = {
            {{"eval", notASet}, notASet},
            {{"calibrate", notASet}, notASet},
            {{"uncertainty", notASet}, notASet},
            {{"info", notASet}, notASet},
            {{"symmetry", notASet, "--out", dir_.filePath("out")}, notASet},
            {{"project", notASet}, notASet},
            {{"mmd", notASet}, notASet},
            {{"landscape", notASet}, notASet},
            {{"connect", notASet, "a", "b"}, notASet},
            {{"make-set", "two-moons", "--out", "/proc/modescape-set"}, "/proc/modescape-set"},
        };
        for (const auto& c : cases) {
            const Run r = runModescape(c.args);
            const QString what =
                c.args.join(' ') + " exited " + QString::number(r.code) + ": " + r.err;
            QVERIFY2(r.code == 1, qPrintable(what));
            QVERIFY2(r.err.contains("error: "), qPrintable(what));
            QVERIFY2(r.err.contains(c.says), qPrintable(what));
        }
        QVERIFY(!QFile::exists(dir_.filePath("out")));

        // demo cannot make its folder under a file.
        QFile blocker(dir_.filePath("a-file"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_DATA_HOME", dir_.filePath("a-file"));
        const Run demo = runModescape({"demo", "--no-gui"}, env);
        QVERIFY2(demo.code == 1, qPrintable(QString::number(demo.code) + ": " + demo.err));
        QVERIFY2(demo.err.contains(dir_.filePath("a-file")), qPrintable(demo.err));
    }

    void versionExitsZero() {
        const Run r = runModescape({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("modescape 0."), qPrintable(r.out));
        QVERIFY(r.out.contains("LibTorch"));
    }
    void helpListsSubcommands() {
        const Run r = runModescape({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("gui"));
    }
    void unknownSubcommandExitsTwo() {
        const Run r = runModescape({"frobnicate"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("error:") && r.err.contains("frobnicate"), qPrintable(r.err));
    }
    void unknownOptionExitsTwo() {
        const Run r = runModescape({"--no-such-option"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--no-such-option"), qPrintable(r.err));
    }
    void guiOnMissingFolderExitsTwo() {
        const Run r = runModescape({"gui", "/no/such/folder"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("/no/such/folder"), qPrintable(r.err));
    }
};

QTEST_APPLESS_MAIN(TestCliBasics)
#include "TestCliBasics.moc"
