// No output loses a user's data (issue 22, items 3-5): `symmetry --out` and
// `make-set --out` refuse a folder that is not their own earlier output unless
// --force, which replaces it completely; every output location of every
// subcommand is checked before the work; a failed or cancelled write leaves
// nothing behind (no staging folder, no empty curve folder).
#include <QtTest>

#include <QDir>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/connectivity/CurveFile.h"
#include "core/symmetry/SetSymmetry.h"
#include "tests/common/RunModescape.h"
#include "tests/symmetry/SymmetrySetFixture.h"

using modescape::test::Run;
using modescape::test::runModescape;
namespace fs = std::filesystem;

namespace {

void writeText(const QString& path, const QString& text) {
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(text.toUtf8());
}

QString contentOf(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

// Every name in folder, hidden ones included, sorted.
QStringList namesIn(const QString& folder) {
    return QDir(folder).entryList(
        QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot, QDir::Name);
}

// A folder holding a user's work: draft.tex and figures/plot.png.
QString makeUserFolder(const QString& folder) {
    QDir().mkpath(folder + "/figures");
    writeText(folder + "/draft.tex", "chapter 1");
    writeText(folder + "/figures/plot.png", "png");
    return folder;
}

}  // namespace

class TestOutputSafety : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

    QString path(const QString& name) const { return dir_.filePath(name); }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        set_ = path("set");
        modescape::symmetry::test::writeSymmetrySet(set_.toStdString());
        qputenv("XDG_CACHE_HOME", path("cache").toUtf8());
    }

    void symmetryAndMakeSetRefuseAUserFolder() {
        QDir().mkpath(path("refuse"));
        const QString thesis = makeUserFolder(path("refuse/thesis"));
        const QList<QStringList> commands{{"symmetry", set_, "--out", thesis},
                                          {"make-set", "two-moons", "--out", thesis}};
        for (const QStringList& args : commands) {
            const Run r = runModescape(args);
            QCOMPARE(r.code, 1);
            QVERIFY2(r.err.contains(thesis + ": "), qPrintable(r.err));
            QVERIFY2(r.err.contains("--force"), qPrintable(r.err));
            QVERIFY2(r.err.contains("draft.tex"), qPrintable(r.err));
            QVERIFY2(r.out.isEmpty(), qPrintable(r.out));  // refused before any work
            QCOMPARE(contentOf(thesis + "/draft.tex"), QString("chapter 1"));
            QCOMPARE(namesIn(thesis), QStringList({"draft.tex", "figures"}));
            QCOMPARE(namesIn(path("refuse")), QStringList({"thesis"}));
        }
    }

    void symmetryReplacesItsOwnEarlierOutput() {
        const QString out = path("canonical");
        const Run first = runModescape({"symmetry", set_, "--out", out});
        QVERIFY2(first.code == 0, qPrintable(first.err));
        const QString before = contentOf(out + "/symmetry-report.json");
        QVERIFY(before.contains("scaling none"));
        const Run second =
            runModescape({"symmetry", set_, "--scaling", "optimal", "--out", out, "--json"});
        QVERIFY2(second.code == 0, qPrintable(second.err));
        const QJsonObject report =
            QJsonDocument::fromJson(contentOf(out + "/symmetry-report.json").toUtf8()).object();
        QCOMPARE(report["settings"].toString(), QString("scaling optimal, permutation none"));
        const QJsonObject marker =
            QJsonDocument::fromJson(contentOf(out + "/.modescape-output").toUtf8()).object();
        QCOMPARE(marker["kind"].toString(), QString("symmetry-set"));
        QVERIFY(!QFile::exists(out + ".partial"));
        QCOMPARE(runModescape({"info", out, "--json"}).json()["checkpoints"].toInt(), 6);

        // Another kind of output is not make-set's to replace.
        const Run makeSet = runModescape({"make-set", "two-moons", "--out", out});
        QCOMPARE(makeSet.code, 1);
        QVERIFY2(makeSet.err.contains("symmetry-removed set"), qPrintable(makeSet.err));
        QVERIFY(QFile::exists(out + "/modescape.json"));
    }

    void forceReplacesAForeignFolderCompletely() {
        QDir().mkpath(path("forced"));
        const QString folder = makeUserFolder(path("forced/old-work"));
        const Run r = runModescape({"symmetry", set_, "--out", folder, "--force", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QCOMPARE(namesIn(folder), QStringList({".modescape-output", "a", "b", "modescape.json",
                                               "symmetry-report.json", "symmetry.json"}));
        QCOMPARE(namesIn(folder + "/b"),
                 QStringList({"base.safetensors", "copy1.safetensors", "copy2.safetensors"}));
        QCOMPARE(namesIn(path("forced")), QStringList({"old-work"}));  // old content removed
        QCOMPARE(runModescape({"info", folder, "--json"}).json()["checkpoints"].toInt(), 6);
    }

    void outputProblemsAreReportedBeforeTheWork() {
        // Opening this set would fail: an output error proves the check came first.
        const QString noSet = path("no-such-set");
        writeText(path("file.txt"), "text");
        QDir().mkpath(path("a-folder"));
        const QString missing = path("missing/deeper");
        const QString user = makeUserFolder(path("user-curve"));
        const struct {
            QStringList args;
            QString output;
            QString says;
        } cases[] = {
            {{"landscape", noSet, "--out", missing + "/s.h5"}, missing + "/s.h5", "does not exist"},
            {{"landscape", noSet, "--out", path("file.txt/s.h5")},
             path("file.txt/s.h5"),
             "is not a folder"},
            {{"landscape", noSet, "--out", "/proc/modescape-s.h5"},
             "/proc/modescape-s.h5",
             "cannot write"},
            {{"landscape", noSet, "--out", path("a-folder")}, path("a-folder"), "is a folder"},
            {{"landscape", noSet, "--png", missing + "/s.png"}, missing + "/s.png", "not exist"},
            {{"project", noSet, "--out", missing + "/c.csv"}, missing + "/c.csv", "not exist"},
            {{"mmd", noSet, "--out", missing + "/m.json"}, missing + "/m.json", "not exist"},
            {{"calibrate", noSet, "--out", missing + "/r.json"}, missing + "/r.json", "not exist"},
            {{"connect", noSet, "a", "b", "--out", missing + "/p.csv"},
             missing + "/p.csv",
             "not exist"},
            {{"connect", noSet, "a", "b", "--save-curve", missing + "/curve"},
             missing + "/curve",
             "not exist"},
            {{"connect", noSet, "a", "b", "--save-curve", user}, user, "--force"},
            {{"symmetry", noSet, "--out", missing + "/set"}, missing + "/set", "not exist"},
            {{"make-set", "two-moons", "--out", missing + "/set"}, missing + "/set", "not exist"},
        };
        for (const auto& c : cases) {
            const Run r = runModescape(c.args);
            const QString what = c.args.join(' ') + "\n" + r.err;
            QVERIFY2(r.code == 1, qPrintable(what));
            QVERIFY2(r.err.contains(c.output + ": "), qPrintable(what));
            QVERIFY2(r.err.contains(c.says), qPrintable(what));
            QVERIFY2(!r.err.contains("no-such-set"), qPrintable(what));
            QVERIFY2(r.out.isEmpty(), qPrintable(what));
        }
        QVERIFY(!QFile::exists(path("missing")));
        QCOMPARE(namesIn(user), QStringList({"draft.tex", "figures"}));
    }

    void aFailedSymmetryRunLeavesNothing() {
        QDir().mkpath(path("failed"));
        const Run r = runModescape({"symmetry", path("no-such-set"), "--out", path("failed/out")});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no-such-set"), qPrintable(r.err));
        QCOMPARE(namesIn(path("failed")), QStringList());
    }

    void aCancelledSymmetryRunLeavesNothingAndKeepsTheOldSet() {
        using namespace modescape;
        QDir().mkpath(path("cancelled"));
        const std::string out = path("cancelled/out").toStdString();
        symmetry::SetSymmetryOptions options;
        options.checkFunction = false;
        symmetry::symmetrizeSet(set_.toStdString(), out, options, {});
        const QString manifest = contentOf(path("cancelled/out/modescape.json"));

        // Ctrl-C while the third member is transformed.
        JobContext context;
        int members = 0;
        context.progress = [&](double, const std::string& message) {
            if (message.rfind("removing symmetries of", 0) == 0 && ++members == 3)
                context.cancel.cancel();
        };
        options.removal.scaling = symmetry::ScalingMethod::Optimal;
        QVERIFY_THROWS_EXCEPTION(
            Cancelled, symmetry::symmetrizeSet(set_.toStdString(), out, options, context));
        QCOMPARE(members, 3);
        QCOMPARE(namesIn(path("cancelled")), QStringList({"out"}));  // no .partial folder
        QCOMPARE(contentOf(path("cancelled/out/modescape.json")), manifest);
        QVERIFY(contentOf(path("cancelled/out/symmetry-report.json")).contains("scaling none"));
    }

    void aFailedCurveWriteLeavesNoEmptyFolder() {
        using namespace modescape;
        QDir().mkpath(path("curves"));
        // Complex numbers have no safetensors type: writing the tensors fails.
        std::vector<model::ParameterSet> points(2);
        for (auto& p : points)
            p.add("w", at::zeros({2}, at::kComplexFloat));
        const connectivity::PathCurve curve(connectivity::PathKind::Linear, points);
        connectivity::PathSettings settings;
        settings.kind = connectivity::PathKind::Linear;
        QVERIFY_THROWS_EXCEPTION(
            Error, connectivity::saveCurve(path("curves/curve").toStdString(), curve, settings, {},
                                           {"set", "a", "b", "{}"}));
        QCOMPARE(namesIn(path("curves")), QStringList());
    }
};

QTEST_APPLESS_MAIN(TestOutputSafety)
#include "TestOutputSafety.moc"
