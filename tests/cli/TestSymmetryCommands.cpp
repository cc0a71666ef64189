// `modescape symmetry`, `project` and `mmd` run as processes on a set of two
// networks and their permuted, rescaled copies.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "core/analysis/Registry.h"
#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/OpenSet.h"
#include "core/symmetry/SetProjection.h"
#include "core/symmetry/SymmetryPanelsResult.h"
#include "tests/symmetry/SymmetrySetFixture.h"

#include "tests/common/RunModescape.h"

using namespace modescape;
using modescape::test::Run;
using modescape::test::runModescape;

namespace {

QJsonObject parse(const Run& r) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s\n%s", qPrintable(r.out), qPrintable(r.err));
    return doc.object();
}

}  // namespace

class TestSymmetryCommands : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        set_ = dir_.path() + "/set";
        modescape::symmetry::test::writeSymmetrySet(set_.toStdString());
        qputenv("XDG_CACHE_HOME", (dir_.path() + "/cache").toUtf8());
    }

    void symmetryWritesASetAndAReport() {
        const QString out = dir_.path() + "/canonical";
        const Run r = runModescape({"symmetry", set_, "--scaling", "optimal", "--permutation",
                                    "sort", "--out", out, "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = parse(r);
        QCOMPARE(o["settings"].toString(),
                 QString("scaling optimal, permutation sort (key first)"));
        const QJsonArray members = o["members"].toArray();
        QCOMPARE(members.size(), 6);
        for (int i = 0; i < members.size(); ++i) {
            const QJsonObject m = members[i].toObject();
            QVERIFY(m["function_difference"].toDouble() < 1e-5);
            // Excess mass is mass / minimal mass - 1; the three members of a group
            // are rescaled copies of one network, so they share its minimal mass
            // (Newton stops within 1e-14 of it; 1e-6 leaves room for the float32 weights).
            QVERIFY(std::abs(m["excess_mass"].toDouble() -
                             (m["mass"].toDouble() / m["minimal_mass"].toDouble() - 1)) < 1e-12);
            const double groupMinimal = members[i / 3 * 3].toObject()["minimal_mass"].toDouble();
            QVERIFY(std::abs(m["minimal_mass"].toDouble() / groupMinimal - 1) < 1e-6);
        }
        QCOMPARE(members[4].toObject()["name"].toString(), QString("b/copy1.safetensors"));
        QVERIFY(std::filesystem::exists((out + "/modescape.json").toStdString()));
        QVERIFY(std::filesystem::exists((out + "/b/copy1.safetensors").toStdString()));
        QVERIFY(!std::filesystem::exists((out + ".partial").toStdString()));

        // The new set is a set: info reads it.
        const Run info = runModescape({"info", out, "--json"});
        QCOMPARE(info.code, 0);
        QCOMPARE(parse(info)["checkpoints"].toInt(), 6);

        const Run text =
            runModescape({"symmetry", set_, "--permutation", "match:a/copy2.safetensors", "--out",
                          dir_.path() + "/matched"});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("a/copy2.safetensors"), qPrintable(text.out));
    }

    void badArgumentsExitWithTwo() {
        const QString out = dir_.path() + "/bad";
        QCOMPARE(runModescape({"symmetry", set_, "--scaling", "max", "--out", out}).code, 2);
        QCOMPARE(runModescape({"symmetry", set_, "--permutation", "shuffle", "--out", out}).code,
                 2);
        const Run unknown =
            runModescape({"symmetry", set_, "--permutation", "match:nobody", "--out", out});
        QCOMPARE(unknown.code, 2);
        QVERIFY(unknown.err.contains("nobody"));
        QCOMPARE(runModescape({"symmetry", set_}).code, 2);  // --out is required
        QCOMPARE(runModescape({"project", set_, "--method", "tsne", "--components", "3"}).code, 2);
        QCOMPARE(runModescape({"project", set_, "--method", "umap"}).code, 2);
        QCOMPARE(runModescape({"project", set_, "--distance", "js"}).code, 2);  // PCA needs weights
        // Symmetries named twice, or removed where they change nothing.
        QCOMPARE(runModescape({"project", set_, "--space", "scaling", "--symmetry", "scale"}).code,
                 2);
        QCOMPARE(runModescape({"mmd", set_, "--space", "function", "--symmetry", "scale"}).code, 2);
        QCOMPARE(runModescape({"project", set_, "--method", "mds", "--space", "function",
                               "--distance", "euclidean"})
                     .code,
                 2);
        QCOMPARE(runModescape({"symmetry", dir_.path() + "/none", "--out", out}).code, 1);
    }

    void projectPrintsPointsAndExplainedVariance() {
        const QString csv = dir_.path() + "/coords.csv";
        const Run r =
            runModescape({"project", set_, "--method", "pca", "--space", "scaling+permutation",
                          "--components", "3", "--out", csv, "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = parse(r);
        QCOMPARE(o["method"].toString(), QString("pca"));
        const QJsonArray ratio = o["explained_variance_ratio"].toArray();
        QVERIFY(ratio[0].toDouble() > 1 - 1e-8);  // each group collapsed to one point
        // Layer selection: fewer dimensions, and a pattern matching nothing is refused.
        const Run last = runModescape({"project", set_, "--last-layer", "--json"});
        QCOMPARE(last.code, 0);
        QVERIFY(parse(last)["dimensions"].toInt() < o["dimensions"].toInt());
        const Run none = runModescape({"project", set_, "--layers", "no-such-layer"});
        QCOMPARE(none.code, 2);
        QVERIFY2(none.err.contains("no-such-layer"), qPrintable(none.err));
        // The spelling of the same space.
        const Run spelled = runModescape(
            {"project", set_, "--method", "pca", "--symmetry", "scale+perm", "--json"});
        QCOMPARE(spelled.code, 0);
        QVERIFY(parse(spelled)["explained_variance_ratio"].toArray()[0].toDouble() > 1 - 1e-8);
        const QJsonArray points = o["points"].toArray();
        QCOMPARE(points.size(), 6);
        QCOMPARE(points[0].toObject()["name"].toString(), QString("a/base.safetensors"));
        QVERIFY(std::abs(points[0].toObject()["x"].toDouble() -
                         points[2].toObject()["x"].toDouble()) < 1e-4);
        QVERIFY(std::abs(points[0].toObject()["x"].toDouble() -
                         points[3].toObject()["x"].toDouble()) > 0.1);
        std::ifstream in(csv.toStdString());
        std::string header;
        std::getline(in, header);
        QCOMPARE(header, std::string("name,group,x,y,z"));

        const Run tsne =
            runModescape({"project", set_, "--method", "tsne", "--seed", "3", "--json"});
        QCOMPARE(tsne.code, 0);
        // The KL the same projection reports in process (TestSetSymmetry checks
        // that one against KL(P || Q) of its layout); JSON keeps all 17 digits.
        symmetry::SetProjectionOptions tsneOptions;
        tsneOptions.method = symmetry::ProjectionMethod::Tsne;
        tsneOptions.seed = 3;
        const symmetry::SetProjection inProcess = symmetry::projectSet(
            io::openCheckpointSet(set_.toStdString(), JobContext{}), tsneOptions, JobContext{});
        QCOMPARE(parse(tsne)["kl"].toDouble(), inProcess.kl);
        const Run mds =
            runModescape({"project", set_, "--method", "mds", "--distance", "disagreement"});
        QCOMPARE(mds.code, 0);
        QVERIFY2(mds.out.contains("space function"), qPrintable(mds.out));
    }

    void mmdPrintsTheGroupTable() {
        const Run r = runModescape({"mmd", set_, "--space", "scaling+permutation", "--json"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = parse(r);
        QCOMPARE(o["groups"].toArray().size(), 2);
        const QJsonArray table = o["max_mmd2"].toArray();
        QCOMPARE(table[0].toArray()[0].toDouble(), 0.0);
        QVERIFY(table[0].toArray()[1].toDouble() > 1.0);  // two distinct points: 2 - 2k
        QCOMPARE(o["pairs"].toArray()[0].toObject()["values"].toArray().size(), 20);
    }

    // Each group's copies are one function, so in function space the groups are
    // two distinct points again, without any symmetry removal.
    void mmdInFunctionSpaceComparesPredictions() {
        const Run r =
            runModescape({"mmd", set_, "--space", "function", "--samples", "200", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = parse(r);
        QCOMPARE(o["space"].toString(), QString("function"));
        const QJsonArray table = o["max_mmd2"].toArray();
        qInfo("function-space max MMD^2 between the groups: %g", table[0].toArray()[1].toDouble());
        QVERIFY(table[0].toArray()[1].toDouble() > 1.0);
        const Run raw = runModescape({"mmd", set_, "--json"});
        QCOMPARE(raw.code, 0);  // raw weights: the copies are spread out, the groups overlap
        QVERIFY(parse(raw)["max_mmd2"].toArray()[0].toArray()[1].toDouble() <
                table[0].toArray()[1].toDouble());
    }

    // A refused value reads the same from the analysis (the GUI's message) and
    // from the command line: one rule, one message.
    void refusedValuesGiveTheAnalysisMessageOnTheCommandLine() {
        const QString out = dir_.path() + "/refused";
        const struct {
            QStringList args;
            nlohmann::json values;
        } cases[] = {
            {{"project", set_, "--method", "tsne", "--components", "3"},
             {{"method", "tsne"}, {"components", 3}}},
            {{"project", set_, "--method", "mds", "--space", "function", "--distance", "cosine"},
             {{"method", "mds"}, {"space", "function"}, {"distance", "cosine"}}},
            {{"project", set_, "--method", "mds", "--space", "function", "--samples", "0"},
             {{"method", "mds"}, {"space", "function"}, {"samples", 0}}},
            {{"mmd", set_, "--space", "function", "--symmetry", "scale+perm"},
             {{"space", "function"}, {"symmetry", "scale+perm"}}},
            {{"mmd", set_, "--space", "function", "--layers", "0"},
             {{"space", "function"}, {"layers", "0"}}},
            {{"symmetry", set_, "--out", out, "--sort-key", "max"},
             {{"out", out.toStdString()}, {"sort-key", "max"}}},
        };
        for (const auto& c : cases) {
            std::string message;
            try {
                analysis::analysisNamed(c.args[0].toStdString()).complete(c.values);
            } catch (const InvalidArgument& e) {
                message = e.what();
            }
            QVERIFY2(!message.empty(), qPrintable(c.args.join(' ')));
            const Run r = runModescape(c.args);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(QString::fromStdString(message)),
                     qPrintable(c.args.join(' ') + ": '" + r.err + "' lacks '" +
                                QString::fromStdString(message) + "'"));
        }
        QVERIFY(!QFile::exists(out));
    }

    // `modescape panels --json` prints the numbers the core computes for the
    // GUI's panels (the same struct, read back from JSON: nlohmann writes each
    // double in its shortest exact form, so they compare exactly), and its raw
    // pair histogram matches a count made here from the members' weights.
    void panelsPrintsTheCoreNumbers() {
        const Run r = runModescape(
            {"panels", set_, "--element-a", "0", "--element-b", "3", "--bins", "3", "--json"});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonObject o = parse(r);

        evaluation::LoadedSet set(io::openCheckpointSet(set_.toStdString(), JobContext{}));
        symmetry::SymmetryPanelOptions options;
        options.elementA = 0;
        options.elementB = 3;
        const symmetry::SymmetryPanelsResult core =
            symmetry::computeSymmetryPanelsResult(set, options, 3, JobContext{});
        QCOMPARE(o["pair"].toObject()["tensor"].toString(), QString("0.weight"));
        QCOMPARE(o["removed_space"].toString(), QString::fromStdString(core.data.removedSpace));
        const QJsonArray members = o["members"].toArray();
        QCOMPARE(members.size(), 6);
        for (int i = 0; i < 6; ++i) {
            const QJsonObject m = members[i].toObject();
            QCOMPARE(m["name"].toString(), QString::fromStdString(core.data.members[i]));
            QCOMPARE(m["raw"].toArray()[1].toDouble(), core.data.rawB[i]);
            QCOMPARE(m["removed"].toArray()[0].toDouble(), core.data.removedA[i]);
            QCOMPARE(m["removed_max_unit"].toInt(), core.data.removedMaxUnit[i]);
            QCOMPARE(m["excess_mass"].toDouble(), core.data.excessMass[i]);
        }
        const QJsonObject histograms = o["histograms"].toObject();
        const QJsonObject rawPair = histograms["raw_pair"].toObject();
        const QJsonObject removedPair = histograms["removed_pair"].toObject();
        const QJsonArray rawRows = rawPair["counts"].toArray();
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 3; ++x) {
                QCOMPARE(rawRows[y].toArray()[x].toInteger(), core.histograms.rawPair.count(x, y));
                QCOMPARE(removedPair["counts"].toArray()[y].toArray()[x].toInteger(),
                         core.histograms.removedPair.count(x, y));
            }
        const QJsonObject removedUnits =
            histograms["removed_max_unit"].toObject()["counts"].toObject();
        for (std::size_t g = 0; g < 2; ++g)
            for (int u = 0; u < 8; ++u)
                QCOMPARE(removedUnits[QString::fromStdString(core.histograms.removedUnit.groups[g])]
                             .toArray()[u]
                             .toInteger(),
                         core.histograms.removedUnit.counts[g][std::size_t(u)]);
        const QJsonArray excess = histograms["excess_mass"].toObject()["counts"].toArray();
        for (int k = 0; k < 3; ++k)
            QCOMPARE(excess[k].toInteger(), core.histograms.excessMass.counts[std::size_t(k)]);
        QVERIFY(core.mmd.has_value());
        const QJsonArray mmd = o["mmd"].toObject()["max_mmd2"].toArray();
        QCOMPARE(mmd[0].toArray()[1].toDouble(), core.mmd->table.maximum(0, 1));
        // The MMD the old page computed (its own LoadedSet) is the same number.
        const symmetry::SetMmd alone =
            symmetry::mmdOfSet(set.set(), options.removed, {}, JobContext{});
        QCOMPARE(mmd[0].toArray()[1].toDouble(), alone.table.maximum(0, 1));
        QCOMPARE(o["provenance"].toObject()["analysis"].toString(), QString("panels"));

        // Independently: 0.weight[0] and [3] of each member, three square bins over
        // [min, max] of both, the top value in the last bin.
        std::vector<double> xs, ys;
        for (const auto& member : set.set().members) {
            const at::Tensor w = set.weights(member.name).at("0.weight").reshape({-1});
            xs.push_back(w[0].item<double>());
            ys.push_back(w[3].item<double>());
        }
        const auto [lo, hi] = std::minmax(
            {*std::min_element(xs.begin(), xs.end()), *std::min_element(ys.begin(), ys.end()),
             *std::max_element(xs.begin(), xs.end()), *std::max_element(ys.begin(), ys.end())});
        QCOMPARE(rawPair["lo"].toDouble(), lo);
        QCOMPARE(rawPair["hi"].toDouble(), hi);
        std::int64_t byHand[3][3] = {};
        for (std::size_t i = 0; i < xs.size(); ++i) {
            const auto bin = [&](double v) { return std::min(2, int((v - lo) / (hi - lo) * 3)); };
            ++byHand[bin(ys[i])][bin(xs[i])];
        }
        for (int y = 0; y < 3; ++y)
            for (int x = 0; x < 3; ++x)
                QCOMPARE(rawRows[y].toArray()[x].toInteger(), byHand[y][x]);
    }

    // The rules between parameters give one message, naming the flag.
    void panelsRefuseAWeightOutsideItsTensor() {
        const Run r = runModescape({"panels", set_, "--pair-tensor", "0.weight", "--element-b",
                                    "16"});  // 0.weight is 8 x 2
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--element-b: weight 16 is outside 0.weight (16 weights)"),
                 qPrintable(r.err));
        const Run unknown = runModescape({"panels", set_, "--index-tensor", "nope"});
        QCOMPARE(unknown.code, 2);
        QVERIFY2(unknown.err.contains("--index-tensor: the set has no tensor 'nope'"),
                 qPrintable(unknown.err));
        QCOMPARE(runModescape({"panels", set_, "--symmetry", "raw"}).code, 2);
        // Text output: the member table and the MMD table.
        const Run text = runModescape({"panels", set_, "--bins", "2"});
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("symmetry panels of 6 members; raw vs scaling+permutation"),
                 qPrintable(text.out));
        QVERIFY2(text.out.contains("max MMD^2"), qPrintable(text.out));
    }
};

QTEST_GUILESS_MAIN(TestSymmetryCommands)
#include "TestSymmetryCommands.moc"
