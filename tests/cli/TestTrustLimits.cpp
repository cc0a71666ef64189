// The command line refuses what it cannot do right (issue 22, items 7, 11, 12
// and 13): weights that do not fit the manifest's model, requests too big
// for memory (refused before allocating, with the size), bad labels named in
// their file, a huge CSV cell quoted briefly, a grid whose step overflows,
// a negative --subset; and never a LibTorch backtrace.
#include <QtTest>

#include <QJsonArray>
#include <QRegularExpression>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>

#include "core/data/Synthetic.h"
#include "core/io/CheckpointFile.h"
#include "core/model/Evaluate.h"
#include "core/model/Mlp.h"
#include "core/model/ParameterSet.h"
#include "tests/common/NpyWriter.h"
#include "tests/common/RunModescape.h"

using namespace modescape;
using modescape::test::Run;
using modescape::test::runModescape;

namespace {

const char* kFixtureWeights = MODESCAPE_FIXTURES_DIR "/models/mlp_relu.safetensors";  // 2-32-32-2
const char* kMoonsTest = "moons:n=300,noise=0.1,seed=2";

// A set of one member, the PyTorch-made MLP fixture "a.safetensors", with
// this model description and these datasets (JSON object text).
QString writeSet(const std::string& name, const std::string& widths, const std::string& datasets) {
    const auto dir = std::filesystem::path(MODESCAPE_TEST_OUTPUT_DIR) / "cli-limits" / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::filesystem::copy_file(kFixtureWeights, dir / "a.safetensors");
    std::ofstream(dir / "modescape.json")
        << R"({"model": {"builtin": "mlp", "args": {"widths": )" << widths << R"(}}, "datasets": )"
        << datasets << R"(, "members": ["a.safetensors"]})";
    return QString::fromStdString(dir.string());
}

QString moonsSet(const std::string& name, const std::string& widths = "[2, 32, 32, 2]") {
    return writeSet(name, widths, std::string(R"({"test": ")") + kMoonsTest + "\"}");
}

std::string folderOf(const QString& set) {
    return set.toStdString();
}

// No backtrace and no "internal failure", whatever went wrong.
void verifyCleanError(const Run& r) {
    QVERIFY2(!r.err.contains("internal failure"), qPrintable(r.err));
    QVERIFY2(!r.err.contains("Exception raised from"), qPrintable(r.err));
    QVERIFY2(!r.err.contains("frame #"), qPrintable(r.err));
}

}  // namespace

class TestTrustLimits : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void fittingModelEvaluatesToTheLibraryNumbers() {
        const QString set = moonsSet("good");
        const Run r = runModescape({"eval", set, "--no-cache", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const auto row = r.json()["members"].toArray()[0].toObject();

        // The same evaluation in-process: fixture weights, moons test split.
        const model::MlpModel mlp(model::MlpConfig{{2, 32, 32, 2}});
        const auto weights =
            model::ParameterSet::fromCheckpoint(*io::openCheckpoint(kFixtureWeights))
                .to(at::kFloat);
        const auto data = data::makeMoons({300, 0.1, 2});
        const auto expected = model::lossAndAccuracy(
            model::predictLogits(mlp, weights, data.inputs, {}), data.labels);
        QCOMPARE(row["accuracy"].toDouble(), expected.accuracy);
        QVERIFY(std::abs(row["nll"].toDouble() - expected.nll) < 1e-5 * expected.nll);
        QVERIFY(expected.accuracy > 0.3);  // a real number, not the 0% of a dropped layer
    }

    void droppedLayerIsRefusedWithTheDifferences() {
        const QString set = moonsSet("dropped-layer", "[2, 32, 2]");
        const Run r = runModescape({"eval", set, "--no-cache", "--json"});
        QCOMPARE(r.code, 1);
        verifyCleanError(r);
        QVERIFY2(r.err.contains(QString::fromStdString(folderOf(set)) +
                                ": the members' weights do not fit the model mlp 2-32-2 (relu)"),
                 qPrintable(r.err));
        QVERIFY2(r.err.contains("unexpected: 4.weight, 4.bias"), qPrintable(r.err));
        QVERIFY2(r.err.contains("wrong shape: 2.weight: expected [2, 32], got [32, 32]"),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        // Every command that builds the model gets the same check.
        const Run landscape = runModescape({"landscape", set, "--grid", "-1:1:3"});
        QCOMPARE(landscape.code, 1);
        QVERIFY(landscape.err.contains("unexpected: 4.weight, 4.bias"));
    }

    void missingTensorsAreNamed() {
        const QString set = moonsSet("extra-layer", "[2, 32, 32, 32, 2]");
        const Run r = runModescape({"eval", set, "--no-cache"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("missing: 6.weight, 6.bias"), qPrintable(r.err));
        QVERIFY2(r.err.contains("4.weight: expected [32, 32], got [2, 32]"), qPrintable(r.err));
    }

    void hugeSyntheticSetIsRefusedWithItsSize() {
        const QString set =
            writeSet("huge-blobs", "[2, 32, 32, 2]", R"({"test": "blobs:n=100000000,dim=100000"})");
        const Run r = runModescape({"eval", set, "--no-cache"});
        QCOMPARE(r.code, 1);
        verifyCleanError(r);
        QVERIFY2(r.err.contains("blobs data set of 100000000 points x 100000 features needs "
                                "72.8 TiB of memory"),
                 qPrintable(r.err));
    }

    void hugeGridIsRefusedWithItsSize() {
        const QString set = moonsSet("huge-grid");
        const Run r = runModescape({"landscape", set, "--grid", "-1:1:100000,-1:1:100000"});
        QCOMPARE(r.code, 1);
        verifyCleanError(r);
        QVERIFY2(r.err.contains("a landscape grid of 100000 x 100000 points needs 372.5 GiB of "
                                "memory but"),
                 qPrintable(r.err));
    }

    void hugePathIsRefusedWithItsSize() {
        const QString set = moonsSet("huge-path");
        // 10^8 points take 11.2 GiB: more than a 4 GiB budget (and than many machines).
        const Run r = runModescape({"--memory", "4G", "connect", set, "a.safetensors",
                                    "a.safetensors", "--points", "100000000"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("a path of 100000000 evaluated points needs 11.2 GiB of memory "
                                "but 4.0 GiB is the most it may use (the --memory budget)"),
                 qPrintable(r.err));
        // Beyond any machine without a budget: 2 * 10^9 points, 223.5 GiB.
        const Run big = runModescape(
            {"connect", set, "a.safetensors", "a.safetensors", "--points", "2000000000"});
        QCOMPARE(big.code, 1);
        QVERIFY2(big.err.contains("needs 223.5 GiB of memory"), qPrintable(big.err));
    }

    void memoryBudgetRefusesANormalRequest() {
        const QString set = moonsSet("budget");
        // The default 51 x 51 grid takes 101.6 KiB; the budget is given after the
        // subcommand, which works as well as before it.
        const Run r = runModescape({"landscape", set, "--memory", "64K"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("a landscape grid of 51 x 51 points needs 101.6 KiB of memory but "
                                "64.0 KiB is the most it may use (the --memory budget); ask for "
                                "less or raise --memory"),
                 qPrintable(r.err));
        const Run fits = runModescape({"--memory", "1G", "landscape", set, "--grid", "-1:1:3"});
        QVERIFY2(fits.code == 0, qPrintable(fits.err));
        const Run bad = runModescape({"--memory", "lots", "eval", set});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("memory size 'lots' is not a size"), qPrintable(bad.err));
    }

    void npyLabelsAreBlamedOnTheLabelsFile() {
        for (const std::int64_t label : {std::int64_t{1} << 40, std::int64_t{-1}}) {
            const bool huge = label > 0;
            const QString set = writeSet(huge ? "npy-huge-label" : "npy-negative-label",
                                         "[2, 32, 32, 2]", R"({"test": "npy:x.npy,y.npy"})");
            const std::string dir = folderOf(set);
            modescape::test::writeNpyPair(dir + "/x.npy", dir + "/y.npy", {0, 1, label, 1});
            const Run r = runModescape({"eval", set, "--no-cache"});
            QCOMPARE(r.code, 1);
            verifyCleanError(r);
            const QString expected = QString::fromStdString(
                dir + "/y.npy: label " + std::to_string(label) + " at index 2 is " +
                (huge ? "too large for a class index" : "negative"));
            QVERIFY2(r.err.contains(expected), qPrintable(r.err));
            QVERIFY2(!r.err.contains("x.npy"), qPrintable(r.err));
        }
    }

    void labelBeyondTheModelsClassesIsNamed() {
        // Label 5 is a fine class index, but the model has two classes: LibTorch's
        // gather would fail with a backtrace.
        const QString set =
            writeSet("npy-label-5", "[2, 32, 32, 2]", R"({"test": "npy:x.npy,y.npy"})");
        const std::string dir = folderOf(set);
        modescape::test::writeNpyPair(dir + "/x.npy", dir + "/y.npy", {0, 1, 5, 1});
        const Run r = runModescape({"eval", set, "--no-cache"});
        QCOMPARE(r.code, 1);
        verifyCleanError(r);
        QVERIFY2(r.err.contains("label 5 at index 2 is not one of the model's 2 classes"),
                 qPrintable(r.err));
    }

    void hugeCsvCellGivesAShortMessage() {
        const QString set = writeSet("csv-huge-cell", "[2, 32, 32, 2]", R"({"test": "csv:t.csv"})");
        {
            std::ofstream out(folderOf(set) + "/t.csv", std::ios::binary);
            out << "a,b,label\n0.5,1,0\n" << std::string(50'000'000, '7') << "x,1,1\n";
        }
        const Run r = runModescape({"eval", set, "--no-cache"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.size() < 1000, qPrintable(QString::number(r.err.size())));
        QVERIFY2(r.err.contains("line 3, column 'a': '7777777"), qPrintable(r.err));
        QVERIFY2(r.err.contains(QString::fromUtf8("\u2026' is not a number")), qPrintable(r.err));
    }

    void overflowingGridIsAnArgumentError() {
        const QString set = moonsSet("grid-overflow");
        const Run r = runModescape({"landscape", set, "--grid", "1e308:-1e308:3"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("range from 1e+308 to -1e+308 is too wide"), qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
        for (const char* grid : {"inf:1:3", "nan:1:3", "1:1:3", "-1:1:0", "-1:1:1.5"}) {
            const Run bad = runModescape({"landscape", set, "--grid", grid});
            QVERIFY2(bad.code == 2, grid);
        }
    }

    void negativeSubsetIsReadable() {
        const QString set = moonsSet("negative-subset");
        const Run r = runModescape({"landscape", set, "--subset", "-1"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--subset: must be 0 or more, got -1"), qPrintable(r.err));
        QVERIFY2(!r.err.contains(QRegularExpression("[0-9]{20}")), qPrintable(r.err));
        QVERIFY(r.err.size() < 300);
    }
};

QTEST_GUILESS_MAIN(TestTrustLimits)
#include "TestTrustLimits.moc"
