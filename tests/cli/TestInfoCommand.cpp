// `modescape info SET [--json]` run as a process on sets written by the test.
#include <QtTest>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <QDir>

#include <filesystem>
#include <fstream>
#include <limits>

#include "tests/io/TestCheckpointSetFixtures.h"

#include "tests/common/RunModescape.h"

using modescape::test::writeMlp;

using modescape::test::Run;
using modescape::test::runModescape;

namespace {

std::string inDir(const QTemporaryDir& dir, const std::string& relative) {
    return dir.path().toStdString() + "/" + relative;
}

// ensemble/seed0, ensemble/seed1, swag/sample-3 (2-4-3 MLPs) and a 2-5-3 odd one out.
void writeSet(const QTemporaryDir& dir) {
    writeMlp(inDir(dir, "ensemble/seed0.safetensors"), {2, 4, 3});
    writeMlp(inDir(dir, "ensemble/seed1.safetensors"), {2, 4, 3});
    writeMlp(inDir(dir, "swag/sample-3.safetensors"), {2, 4, 3});
    writeMlp(inDir(dir, "wrong_width.safetensors"), {2, 5, 3});
}

// Two copies of the float16 ResNet-20 FRN fixture in the published layout.
QString writeFrnSet(const QTemporaryDir& dir) {
    const std::string set = inDir(dir, "cifar10-resnet20-frn-silu-0-1023");
    std::filesystem::create_directories(set);
    const std::string fixture =
        std::string(MODESCAPE_FIXTURES_DIR) + "/models/resnet20_frn.safetensors";
    for (const char* member : {"version_0.safetensors", "version_1.safetensors"})
        std::filesystem::copy_file(fixture, set + "/" + member);
    return QString::fromStdString(set);
}

// The Sequential MLP fixture (2-32-32-2) with a manifest naming a tanh model and a test set.
QString writeMlpSetWithManifest(const QTemporaryDir& dir) {
    const std::string set = inDir(dir, "moons-mlp");
    std::filesystem::create_directories(set);
    std::filesystem::copy_file(std::string(MODESCAPE_FIXTURES_DIR) + "/models/mlp_relu.safetensors",
                               set + "/a.safetensors");
    std::ofstream(set + "/modescape.json")
        << R"({"model": {"builtin": "mlp", "args": {"widths": [2, 32, 32, 2], "activation": "tanh"}},
               "datasets": {"test": "moons:n=10", "train": "moons:n=30"}})";
    return QString::fromStdString(set);
}

}  // namespace

class TestInfoCommand : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void jsonDescribesTheSet() {
        QTemporaryDir dir;
        writeSet(dir);
        const Run r = runModescape({"info", dir.path(), "--json"});
        QCOMPARE(r.code, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(error.error == QJsonParseError::NoError,
                 qPrintable(error.errorString() + "\n" + r.out));
        const QJsonObject o = doc.object();
        QCOMPARE(o["checkpoints"].toInt(), 3);
        QCOMPARE(o["parameters"].toInt(), 2 * 4 + 4 + 4 * 3 + 3);
        const QJsonObject groups = o["groups"].toObject();
        QCOMPARE(groups.size(), 2);
        QCOMPARE(groups["ensemble"].toInt(), 2);
        QCOMPARE(groups["swag"].toInt(), 1);
        const QJsonArray warnings = o["warnings"].toArray();
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings[0].toString().contains("wrong_width.safetensors") &&
                     warnings[0].toString().contains(
                         "tensor 'fc1.weight' expected [4, 2], found [5, 2]"),
                 qPrintable(warnings[0].toString()));
        const QJsonArray tensors = o["tensors"].toArray();
        QCOMPARE(tensors.size(), 4);
        QCOMPARE(tensors[2].toObject()["name"].toString(), QString("fc2.weight"));
        QCOMPARE(tensors[2].toObject()["shape"].toArray(), (QJsonArray{3, 4}));
        QCOMPARE(tensors[2].toObject()["dtype"].toString(), QString("F32"));
        const QJsonArray members = o["members"].toArray();
        QCOMPARE(members.size(), 3);
        QCOMPARE(members[2].toObject()["name"].toString(), QString("swag/sample-3.safetensors"));
        QCOMPARE(members[2].toObject()["metadata"].toObject()["sample"].toString(), QString("3"));
        QCOMPARE(o["excluded"].toArray().size(), 1);
    }

    void textListsGroupsAndTensors() {
        QTemporaryDir dir;
        writeSet(dir);
        const Run r = runModescape({"info", dir.path()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("Checkpoints: 3 (1 left out)"), qPrintable(r.out));
        QVERIFY(r.out.contains("Parameters per checkpoint: 27"));
        QVERIFY(r.out.contains("fc1.weight"));
        QVERIFY(r.out.contains("Warnings: 1"));
    }

    void checkFiniteCountsNanPerCheckpoint() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "ok.safetensors"), {2, 3});
        at::Tensor w = at::full({3, 2}, 1.0f);
        w[1][1] = std::numeric_limits<float>::quiet_NaN();
        modescape::io::writeSafetensors(inDir(dir, "nan.safetensors"),
                                        {{"fc1.weight", w}, {"fc1.bias", at::zeros({3})}});
        const Run r = runModescape({"info", dir.path(), "--json", "--check-finite"});
        QCOMPARE(r.code, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.out.toUtf8()).object();
        const QJsonArray nonFinite = o["nonFinite"].toArray();
        QCOMPARE(nonFinite.size(), 1);
        QCOMPARE(nonFinite[0].toObject()["member"].toString(), QString("nan.safetensors"));
        QCOMPARE(nonFinite[0].toObject()["total"].toInt(), 1);
        QCOMPARE(nonFinite[0].toObject()["tensors"].toObject()["fc1.weight"].toInt(), 1);
    }

    void missingSetExitsOneWithError() {
        const Run r = runModescape({"info", "/no/such/set", "--json"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.startsWith("error: /no/such/set: no such file or folder"),
                 qPrintable(r.err));
        QVERIFY(r.out.isEmpty());
    }

    void emptyFolderExitsOne() {
        QTemporaryDir dir;
        const Run r = runModescape({"info", dir.path()});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("no checkpoint files found"), qPrintable(r.err));
    }

    // Issue 13: an archive is a set; info names the archive, its members and the rejected entries.
    void archiveNamesMembersAndRejectedEntries() {
        QTemporaryDir dir;
        const QString archive = dir.path() + "/bad-entries.tgz";
        QVERIFY(QFile::copy(MODESCAPE_FIXTURES_DIR "/archive-sets/bad-entries.tgz", archive));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CACHE_HOME", dir.path() + "/cache");

        const Run text = runModescape({"info", archive}, env);
        QCOMPARE(text.code, 0);
        QVERIFY2(text.out.contains("Archive: " + archive +
                                   " (tar.gz, 3 checkpoint entries, index made by reading"),
                 qPrintable(text.out));
        QVERIFY(text.out.contains("bad-0-1/version_0.safetensors"));
        QVERIFY(text.out.contains("bad-0-1/version_1.safetensors"));
        QVERIFY2(text.out.contains("  rejected bad-0-1/link.safetensors: "), qPrintable(text.out));
        QVERIFY(text.out.contains("Checkpoints: 2 (5 left out)"));

        const Run again = runModescape({"info", archive, "--json"}, env);
        QCOMPARE(again.code, 0);
        const QJsonObject o = again.json();
        QCOMPARE(o["checkpoints"].toInt(), 2);
        const QJsonObject a = o["archives"].toArray()[0].toObject();
        QCOMPARE(a["path"].toString(), archive);
        QCOMPARE(a["kind"].toString(), QString("tar.gz"));
        QCOMPARE(a["entries"].toInt(), 3);
        QCOMPARE(a["indexFromCache"].toBool(), true);  // the first run kept the index
        QCOMPARE(a["rejected"].toArray().size(), 4);
        QCOMPARE(o["members"].toArray()[1].toObject()["metadata"].toObject()["version"].toString(),
                 QString("1"));
    }

    void recognisedModelAndNormalisationAreShown() {
        QTemporaryDir dir;
        const QString set = writeFrnSet(dir);
        const Run text = runModescape({"info", set});
        QVERIFY2(text.code == 0, qPrintable(text.err));
        QVERIFY2(text.out.contains(
                     "Model: builtin: resnet20 {\"activation\":\"silu\",\"conv_bias\":false,"
                     "\"in_channels\":3,\"norm\":\"frn\",\"num_classes\":10} (recognised: "
                     "resnet20, 10 classes, FRN + SiLU (activation from the name "
                     "'cifar10-resnet20-frn-silu'))\n"),
                 qPrintable(text.out));
        QVERIFY2(text.out.contains("Default normalisation: mean=0.4914:0.4822:0.4465,"
                                   "std=0.2023:0.1994:0.201 (for every dataset whose spec names "
                                   "none)"),
                 qPrintable(text.out));
        const QJsonObject o = runModescape({"info", set, "--json"}).json();
        QCOMPARE(o["modelSource"].toString(), QString("recognised"));
        QCOMPARE(o["recognition"].toString(),
                 QString("resnet20, 10 classes, FRN + SiLU (activation from the name "
                         "'cifar10-resnet20-frn-silu')"));
        QCOMPARE(o["defaultNormalization"].toString(),
                 QString("mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201"));
        QCOMPARE(o["tensors"].toArray()[0].toObject()["dtype"].toString(), QString("F16"));
    }

    void commandLineBeatsTheManifest() {
        QTemporaryDir dir;
        const QString set = writeMlpSetWithManifest(dir);
        const QJsonObject manifest = runModescape({"info", set, "--json"}).json();
        QCOMPARE(manifest["modelSource"].toString(), QString("manifest"));
        QVERIFY2(manifest["model"].toString().contains("tanh"),
                 qPrintable(manifest["model"].toString()));
        // Recognition still says what the tensors are.
        QCOMPARE(manifest["recognition"].toString(),
                 QString("mlp 2-32-32-2, relu (assumed: the weights do not store the activation)"));

        const Run given =
            runModescape({"info", set, "--json", "--model", "mlp:widths=2:32:32:2,activation=gelu",
                          "--dataset", "test=moons:n=20", "--dataset", "ood=npz:rel/o.npz"});
        QVERIFY2(given.code == 0, qPrintable(given.err));
        const QJsonObject o = given.json();
        QCOMPARE(o["modelSource"].toString(), QString("command line"));
        QCOMPARE(o["model"].toString(),
                 QString("builtin: mlp {\"activation\":\"gelu\",\"widths\":[2,32,32,2]}"));
        const QJsonObject datasets = o["datasets"].toObject();
        QCOMPARE(datasets["test"].toString(), QString("moons:n=20"));
        QCOMPARE(datasets["train"].toString(), QString("moons:n=30"));  // the manifest's
        // A relative path on the command line means the current directory.
        QCOMPARE(datasets["ood"].toString(), "npz:" + QDir::currentPath() + "/rel/o.npz");

        const Run text = runModescape({"info", set, "--model", "lenet5"});
        QVERIFY2(text.out.contains("Model: builtin: lenet5 {} (command line)"),
                 qPrintable(text.out));
    }

    void unrecognisedSetsSayHowToNameAModel() {
        QTemporaryDir dir;
        writeSet(dir);
        const Run r = runModescape({"info", dir.path()});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains("Model: none (no built-in model matches these tensors (first: "
                                "fc1.weight [4, 2]); name one with --model "
                                "resnet18:num_classes=100 or a TorchScript file, or add "
                                "\"model\" to modescape.json)"),
                 qPrintable(r.out));
        QVERIFY(r.out.contains("Default normalisation: none (inputs as loaded)"));
    }

    void badModelAndDatasetOptionsExitTwo() {
        QTemporaryDir dir;
        writeSet(dir);
        const struct {
            QStringList args;
            QString expected;
        } cases[] = {
            {{"--model", "resnt18"}, "--model 'resnt18': 'resnt18' is neither a built-in"},
            {{"--model", "resnet18:classes=3"}, "unknown argument 'classes'"},
            {{"--dataset", "moons"}, "--dataset 'moons': expected ROLE=SPEC"},
            {{"--dataset", "exam=moons"}, "unknown dataset role 'exam'"},
            {{"--dataset", "test=nosuchkind:x"}, "--dataset 'test=nosuchkind:x'"},
        };
        for (const auto& c : cases) {
            const Run r = runModescape(QStringList{"info", dir.path()} + c.args);
            QCOMPARE(r.code, 2);
            QVERIFY2(r.err.contains(c.expected), qPrintable(r.err));
        }
        const Run forms = runModescape({"info", dir.path(), "--dataset", "exam=moons"});
        QVERIFY2(forms.err.contains("train|test|ood=SPEC"), qPrintable(forms.err));
        const Run models = runModescape({"info", dir.path(), "--model", "resnt18"});
        QVERIFY2(models.err.contains("mlp: widths=2:32:32:2"), qPrintable(models.err));
    }

    // Every place that names the dataset roles names the same ones, in the same
    // order (core/data/DatasetRoleWords.h): each analysis's role choices, the
    // --dataset help and its error, eval's --data, and a manifest's warning,
    // which names the manifest file.
    void everyRoleListIsTheOneTable() {
        const QStringList roles{"train", "test", "ood"};
        const Run analyses = runModescape({"analyses", "--json"});
        QVERIFY2(analyses.code == 0, qPrintable(analyses.err));
        int roleParameters = 0;
        for (const auto& a : QJsonDocument::fromJson(analyses.out.toUtf8()).array()) {
            const QString name = a.toObject()["name"].toString();
            for (const auto& p : a.toObject()["parameters"].toArray()) {
                if (p.toObject()["type"].toString() != "role")
                    continue;
                ++roleParameters;
                QStringList choices;
                for (const auto& c : p.toObject()["choices"].toArray())
                    choices << c.toString();
                // Calibration and uncertainty leave out ood on purpose: the OOD
                // data are the other side of their OOD scores. The Hessian and
                // a trajectory's surface are of the task's loss, so they take
                // the task's data too.
                const bool inDistribution = name == "calibrate" || name == "uncertainty" ||
                                            name == "hessian" || name == "trajectory";
                QCOMPARE(choices, inDistribution ? roles.mid(0, 2) : roles);
            }
        }
        QVERIFY(roleParameters >= 4);  // landscape, curve-plane, calibrate, uncertainty

        const Run help = runModescape({"info", "--help"});
        QVERIFY2(help.out.contains("ROLE train|test|ood"), qPrintable(help.out));
        QTemporaryDir dir;
        writeSet(dir);
        const Run option = runModescape({"info", dir.path(), "--dataset", "validation=moons"});
        QCOMPARE(option.code, 2);
        QVERIFY2(option.err.contains("--dataset 'validation=moons': unknown dataset role "
                                     "'validation' (accepted: train, test, ood)"),
                 qPrintable(option.err));
        const Run eval = runModescape({"eval", dir.path(), "--data", "validation"});
        QCOMPARE(eval.code, 2);
        QVERIFY2(eval.err.contains("{train,test,ood}"), qPrintable(eval.err));

        std::ofstream(inDir(dir, "modescape.json"))
            << R"({"datasets": {"validation": "moons:n=10", "test": "moons:n=10"}})";
        const Run manifest = runModescape({"info", dir.path(), "--json"});
        QVERIFY2(manifest.code == 0, qPrintable(manifest.err));
        const QString warnings = QJsonDocument(manifest.json()["warnings"].toArray()).toJson();
        QVERIFY2(warnings.contains(dir.filePath("modescape.json") +
                                   ": datasets.validation: unknown dataset role 'validation' "
                                   "(accepted: train, test, ood)"),
                 qPrintable(warnings));
    }

    // info shows the function check of an inferred symmetry spec only once
    // `symmetry-spec` has cached one for that model file, and never runs the model.
    void cachedSymmetrySpecCheckIsShown() {
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CACHE_HOME", dir.path() + "/cache");
        const QString set = MODESCAPE_FIXTURES_DIR "/symmetry/inference/mlp_gelu";
        Run before = runModescape({"info", set, "--json"}, env);
        QCOMPARE(before.code, 0);
        QVERIFY(before.json()["symmetrySpecCheck"].isNull());
        QVERIFY(!runModescape({"info", set}, env).out.contains("Symmetry spec check"));

        const QString spec = dir.path() + "/spec.json";
        Run inferred = runModescape({"symmetry-spec", set, "--json", "--out", spec}, env);
        QCOMPARE(inferred.code, 0);
        const QJsonObject report = inferred.json();
        QCOMPARE(report["source"].toString(), QString("inferred from the TorchScript graph"));
        QCOMPARE(report["spec"].toObject()["groups"].toArray().size(), 2);
        QVERIFY(report["check"].toObject()["passed"].toBool());
        QVERIFY(report["check"].toObject()["difference"].toDouble() < 1e-5);
        QCOMPARE(report["check"].toObject()["input_shape"].toArray().size(), 1);
        QVERIFY(QFile::exists(spec));

        Run after = runModescape({"info", set, "--json"}, env);
        QCOMPARE(after.code, 0);
        QVERIFY(after.json()["symmetrySpecCheck"].toObject()["passed"].toBool());
        QVERIFY2(runModescape({"info", set}, env)
                     .out.contains("Symmetry spec check (cached for this model file): passed"),
                 "text output lacks the cached check");
    }

    void badArgumentsExitTwo() {
        QCOMPARE(runModescape({"info"}).code, 2);
        QCOMPARE(runModescape({"info", "/tmp", "--no-such-flag"}).code, 2);
    }
};

QTEST_APPLESS_MAIN(TestInfoCommand)
#include "TestInfoCommand.moc"
