// Checkpoint sets: folders with and without modescape.json, groups, metadata
// from names, validation (mismatches and unreadable members left out), NaN
// reporting, and the bad input of issue 3 (empty folder, broken manifest,
// manifest naming missing files).
#include <QtTest>

#include <ATen/ATen.h>

#include <QTemporaryDir>

#include <filesystem>

#include <limits>

#include "core/common/Error.h"
#include "core/io/safetensors/SafetensorsWriter.h"
#include "core/io/set/NonFiniteScan.h"
#include "core/io/set/OpenSet.h"
#include "core/io/set/TensorSummary.h"
#include "tests/io/TestCheckpointSetFixtures.h"

using namespace modescape;
using namespace modescape::io;
using modescape::test::mlpParameters;
using modescape::test::writeMlp;
using modescape::test::writeText;

namespace {

const std::vector<std::int64_t> kWidths{2, 4, 3};  // 2*4+4 + 4*3+3 = 27 parameters

std::string inDir(const QTemporaryDir& dir, const std::string& relative) {
    return dir.path().toStdString() + "/" + relative;
}

// Runs f and returns the message of the E it throws ("" when it throws nothing).
template <typename E, typename F>
QString messageOf(F&& f) {
    try {
        f();
    } catch (const E& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

bool anyContains(const std::vector<std::string>& lines, const std::string& a,
                 const std::string& b = "") {
    for (const std::string& l : lines)
        if (l.find(a) != std::string::npos && l.find(b) != std::string::npos)
            return true;
    return false;
}

}  // namespace

class TestCheckpointSet : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void folderWithoutManifestGroupsBySubfolderAndReadsNames() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "ensemble/seed10.safetensors"), kWidths);
        writeMlp(inDir(dir, "ensemble/seed2.safetensors"), kWidths);
        writeMlp(inDir(dir, "swag/run_seed3_sample-07_epoch_40.safetensors"), kWidths);
        writeMlp(inDir(dir, "final.safetensors"), kWidths);
        writeText(inDir(dir, "notes.txt"), "not a checkpoint");
        writeMlp(inDir(dir, ".hidden/seed9.safetensors"), kWidths);

        JobContext context;
        int reports = 0;
        context.progress = [&](double, const std::string&) { ++reports; };
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), context);

        QVERIFY(set.manifestPath.empty());
        QCOMPARE(set.members.size(), std::size_t(4));
        QVERIFY(reports >= 4);  // at least one report per file
        // Natural order: seed2 before seed10.
        QCOMPARE(set.members[0].name, std::string("ensemble/seed2.safetensors"));
        QCOMPARE(set.members[1].name, std::string("ensemble/seed10.safetensors"));
        QCOMPARE(set.members[2].name, std::string("final.safetensors"));
        QCOMPARE(set.members[3].name, std::string("swag/run_seed3_sample-07_epoch_40.safetensors"));
        const auto groups = set.groupCounts();
        QCOMPARE(groups.size(), std::size_t(3));
        QCOMPARE(groups.at("ensemble"), std::size_t(2));
        QCOMPARE(groups.at("swag"), std::size_t(1));
        QCOMPARE(groups.at(kUngrouped), std::size_t(1));
        QCOMPARE(set.members[1].value("seed"), std::string("10"));
        const SetMember& swag = set.members[3];
        QCOMPARE(swag.group, std::string("swag"));
        QCOMPARE(swag.value("seed"), std::string("3"));
        QCOMPARE(swag.value("sample"), std::string("7"));
        QCOMPARE(swag.value("epoch"), std::string("40"));
        QCOMPARE(swag.format, std::string("safetensors"));
        QVERIFY(swag.fileBytes > 27 * 4);
        QCOMPARE(set.parametersPerMember(), mlpParameters(kWidths));
        QCOMPARE(set.parametersPerMember(), std::int64_t(27));
        QCOMPARE(set.tensors.size(), std::size_t(4));
        QCOMPARE(set.tensors[2].name, std::string("fc2.weight"));
        QCOMPARE(set.tensors[2].shape, (std::vector<std::int64_t>{3, 4}));
        QCOMPARE(set.tensors[2].dtype, DType::F32);
        QVERIFY(set.warnings.empty());
        QVERIFY(set.excluded.empty());
    }

    void shapeMismatchIsLeftOutWithFileTensorExpectedAndFound() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "a_seed0.safetensors"), kWidths);
        writeMlp(inDir(dir, "b_seed1.safetensors"), {2, 5, 3});  // hidden width 5 instead of 4
        writeMlp(inDir(dir, "c_seed2.safetensors"), kWidths);
        writeMlp(inDir(dir, "d_seed3.safetensors"), {2, 4});  // fc2 missing

        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.members.size(), std::size_t(2));
        QCOMPARE(set.referenceMember, std::string("a_seed0.safetensors"));
        QCOMPARE(set.excluded.size(), std::size_t(2));

        const ExcludedMember& wide = set.excluded[0];
        QCOMPARE(wide.name, std::string("b_seed1.safetensors"));
        // fc1.weight, fc1.bias and fc2.weight differ; fc2.bias [3] does not.
        QCOMPARE(wide.mismatches.size(), std::size_t(3));
        QCOMPARE(wide.mismatches[0].tensor, std::string("fc1.weight"));
        QCOMPARE(wide.mismatches[0].expected, std::string("[4, 2]"));
        QCOMPARE(wide.mismatches[0].found, std::string("[5, 2]"));
        QVERIFY(anyContains(set.warnings, inDir(dir, "b_seed1.safetensors"),
                            "tensor 'fc1.weight' expected [4, 2], found [5, 2]"));
        QVERIFY(anyContains(set.warnings, "tensor 'fc2.weight' expected [3, 4], found [3, 5]"));

        const ExcludedMember& shallow = set.excluded[1];
        QCOMPARE(shallow.name, std::string("d_seed3.safetensors"));
        QCOMPARE(shallow.mismatches.size(), std::size_t(2));
        QCOMPARE(shallow.mismatches[0].tensor, std::string("fc2.weight"));
        QCOMPARE(shallow.mismatches[0].found, std::string("missing"));
        QVERIFY(anyContains(set.warnings, "d_seed3.safetensors",
                            "tensor 'fc2.bias' expected [3], found missing"));
    }

    void unreadableMemberIsLeftOutWithTheReadersMessage() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "good.safetensors"), kWidths);
        writeText(inDir(dir, "broken.safetensors"), "this is not a checkpoint at all");
        writeText(inDir(dir, "empty.pt"), "");
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.members.size(), std::size_t(1));
        QCOMPARE(set.excluded.size(), std::size_t(2));
        QVERIFY(anyContains(set.warnings, inDir(dir, "broken.safetensors") + ": not a checkpoint"));
        QVERIFY(anyContains(set.warnings, inDir(dir, "empty.pt") + ": the file is empty"));
    }

    void noReadableMemberIsAnError() {
        QTemporaryDir dir;
        writeText(inDir(dir, "broken.pt"), "garbage");
        const QString message = messageOf<FormatError>(
            [&] { openCheckpointSet(dir.path().toStdString(), JobContext{}); });
        QVERIFY2(message.contains("none of its 1 checkpoint files could be read") &&
                     message.contains("broken.pt"),
                 qPrintable(message));
    }

    void emptyFolderIsAClearError() {
        QTemporaryDir dir;
        writeText(inDir(dir, "readme.txt"), "nothing here");
        const QString message =
            messageOf<IoError>([&] { openCheckpointSet(dir.path().toStdString(), JobContext{}); });
        QVERIFY2(message.startsWith(dir.path()) && message.contains("no checkpoint files found") &&
                     message.contains(".safetensors"),
                 qPrintable(message));
    }

    void missingFolderIsAnIoError() {
        const QString message =
            messageOf<IoError>([] { openCheckpointSet("/no/such/set", JobContext{}); });
        QCOMPARE(message, QString("/no/such/set: no such file or folder; a checkpoint set is a "
                                  "folder of checkpoint files, an archive of them (.tar, .tar.gz, "
                                  ".tgz, .tar.zst, .zip), or a folder of such archives"));
    }

    void manifestGivesModelDatasetsAndMemberMetadata() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "ckpt/a.safetensors"), kWidths);
        writeMlp(inDir(dir, "ckpt/b.safetensors"), kWidths);
        writeMlp(inDir(dir, "ckpt/c.safetensors"), kWidths);
        writeMlp(inDir(dir, "ckpt/not-listed.safetensors"), kWidths);
        writeText(inDir(dir, "modescape.json"), R"({
  "model": {"builtin": "mlp", "args": {"widths": [2, 4, 3], "activation": "relu"}},
  "task": "classification",
  "datasets": {"train": "moons:n=1000,seed=0", "test": "moons:n=500,seed=1"},
  "members": [
    {"file": "ckpt/a.safetensors", "group": "ensemble", "seed": 0, "epoch": 40},
    {"file": "ckpt/b.safetensors", "method": "swag", "seed": 1, "lr": 0.05,
     "metadata": {"note": "second run"}},
    "ckpt/c.safetensors"
  ]
})");
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.manifestPath, inDir(dir, "modescape.json"));
        QCOMPARE(set.model.kind, ModelSpec::Kind::Builtin);
        QCOMPARE(set.model.builtin, std::string("mlp"));
        QCOMPARE(set.model.argsJson, std::string(R"({"activation":"relu","widths":[2,4,3]})"));
        QCOMPARE(set.task, std::string("classification"));
        QCOMPARE(set.datasets.size(), std::size_t(2));
        QCOMPARE(set.datasets[0].role, std::string("test"));
        QCOMPARE(set.datasets[0].spec, std::string("moons:n=500,seed=1"));
        QCOMPARE(set.datasets[1].role, std::string("train"));
        QCOMPARE(set.members.size(), std::size_t(3));  // not-listed.safetensors is not a member
        QCOMPARE(set.members[0].name, std::string("ckpt/a.safetensors"));
        QCOMPARE(set.members[0].group, std::string("ensemble"));
        QCOMPARE(set.members[0].value("seed"), std::string("0"));
        QCOMPARE(set.members[0].value("epoch"), std::string("40"));
        QCOMPARE(set.members[1].group, std::string("swag"));  // the method names the group
        QCOMPARE(set.members[1].value("method"), std::string("swag"));
        QCOMPARE(set.members[1].value("lr"), std::string("0.05"));
        QCOMPARE(set.members[1].value("note"), std::string("second run"));
        QCOMPARE(set.members[2].group, std::string("ckpt"));  // no group given: the sub-folder
        QVERIFY(set.warnings.empty());
    }

    void manifestReferenceDecidesWhichShapeIsRight() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "odd.safetensors"), {2, 5, 3});
        writeMlp(inDir(dir, "x.safetensors"), kWidths);
        writeMlp(inDir(dir, "y.safetensors"), kWidths);
        writeText(inDir(dir, "modescape.json"), R"({"reference": "x.safetensors"})");
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.referenceMember, std::string("x.safetensors"));
        QCOMPARE(set.members.size(), std::size_t(2));
        QCOMPARE(set.excluded.size(), std::size_t(1));
        QCOMPARE(set.excluded[0].name, std::string("odd.safetensors"));
        QCOMPARE(set.parametersPerMember(), std::int64_t(27));
    }

    void manifestThatIsNotJsonNamesFileAndPosition() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "a.safetensors"), kWidths);
        writeText(inDir(dir, "modescape.json"),
                  "{\n  \"task\": \"classification\",\n  \"members\": [oops]\n}\n");
        const QString message = messageOf<FormatError>(
            [&] { openCheckpointSet(dir.path().toStdString(), JobContext{}); });
        QVERIFY2(message.startsWith(QString::fromStdString(inDir(dir, "modescape.json")) +
                                    ": not valid JSON"),
                 qPrintable(message));
        QVERIFY2(message.contains("line 3, column 15"), qPrintable(message));
    }

    void manifestWithWrongTypesNamesThePlace() {
        QTemporaryDir dir;
        writeText(inDir(dir, "modescape.json"),
                  R"({"members": [{"file": "a.safetensors"}, {"seed": 1}]})");
        const QString message = messageOf<FormatError>(
            [&] { openCheckpointSet(dir.path().toStdString(), JobContext{}); });
        QVERIFY2(message.contains("modescape.json: members[1].file: expected"),
                 qPrintable(message));
    }

    void manifestNamingMissingFilesWarnsPerFile() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "a.safetensors"), kWidths);
        writeText(inDir(dir, "modescape.json"),
                  R"({"members": [{"file": "a.safetensors"}, {"file": "gone1.safetensors"},
                                  {"file": "sub/gone2.pt"}]})");
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.members.size(), std::size_t(1));
        QCOMPARE(set.warnings.size(), std::size_t(2));
        QVERIFY(
            anyContains(set.warnings, "modescape.json: lists gone1.safetensors", "does not exist"));
        QVERIFY(anyContains(set.warnings, "modescape.json: lists sub/gone2.pt", "does not exist"));
    }

    void manifestNamingOnlyMissingFilesIsAnError() {
        QTemporaryDir dir;
        writeText(inDir(dir, "modescape.json"),
                  R"({"members": ["gone1.safetensors", "gone2.safetensors"]})");
        const QString message = messageOf<FormatError>(
            [&] { openCheckpointSet(dir.path().toStdString(), JobContext{}); });
        QVERIFY2(message.contains("modescape.json: none of the 2 checkpoint files it lists exists"),
                 qPrintable(message));
    }

    void nanAndInfAreReportedPerCheckpointAndTensor() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "clean.safetensors"), kWidths);
        at::Tensor w = at::full({4, 2}, 0.5f);
        w[0][1] = std::numeric_limits<float>::quiet_NaN();
        w[3][0] = std::numeric_limits<float>::infinity();
        at::Tensor b2 = at::zeros({3}).to(at::kHalf);
        b2[2] = -std::numeric_limits<float>::infinity();
        io::writeSafetensors(inDir(dir, "diverged.safetensors"),
                             {{"fc1.weight", w},
                              {"fc1.bias", at::zeros({4})},
                              {"fc2.weight", at::full({3, 4}, 0.5f)},
                              {"fc2.bias", b2}});
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.members.size(), std::size_t(2));  // NaN does not exclude: it is reported

        const NonFiniteScan scan = scanNonFinite(set, JobContext{});
        QCOMPARE(scan.reports.size(), std::size_t(2));
        QCOMPARE(scan.reports[0].member, std::string("clean.safetensors"));
        QCOMPARE(scan.reports[0].total(), std::int64_t(0));
        const NonFiniteReport& bad = scan.reports[1];
        QCOMPARE(bad.member, std::string("diverged.safetensors"));
        QCOMPARE(bad.total(), std::int64_t(3));
        QCOMPARE(bad.tensors.size(), std::size_t(2));
        QCOMPARE(bad.tensors[0].tensor, std::string("fc1.weight"));
        QCOMPARE(bad.tensors[0].count, std::int64_t(2));
        QCOMPARE(bad.tensors[1].tensor, std::string("fc2.bias"));
        QCOMPARE(bad.tensors[1].count, std::int64_t(1));
        QCOMPARE(scan.affected().size(), std::size_t(1));

        QVERIFY(!messageOf<InvalidArgument>([&] {
                     scanNonFinite(set, JobContext{}, {"nope"});
                 }).isEmpty());
    }

    void tensorSummaryGivesNorms() {
        QTemporaryDir dir;
        writeMlp(inDir(dir, "m.safetensors"), kWidths, 0.5f);
        SetMember member;
        member.path = inDir(dir, "m.safetensors");
        const auto summary = summarizeTensors(member, JobContext{});
        QCOMPARE(summary.size(), std::size_t(4));
        QCOMPARE(summary[0].info.name, std::string("fc1.weight"));
        QCOMPARE(summary[0].l2Norm, std::sqrt(8 * 0.25));  // 8 elements of 0.5
        QCOMPARE(summary[1].l2Norm, 0.0);
        QCOMPARE(summary[2].l2Norm, std::sqrt(12 * 0.25));
        QCOMPARE(summary[2].nonFinite, std::int64_t(0));
    }

    // Real PyTorch files (tests/fixtures/torch, written by Python torch 1.13):
    // the same small CNN saved four ways forms one set; a truncated copy is left out.
    void torchFormatsOfOneModelFormOneSet() {
        QTemporaryDir dir;
        const std::string fixtures = std::string(MODESCAPE_FIXTURES_DIR) + "/torch/";
        const std::vector<std::pair<std::string, std::string>> files{
            {"state_dict_zip.pt", "zip.pt"},
            {"state_dict_legacy.pt", "legacy.pt"},
            {"lightning.ckpt", "lightning.ckpt"},
            {"scripted.pt", "scripted.pt"},
            {"bad/state_dict_zip_cut1708.pt", "truncated.pt"}};
        for (const auto& [from, to] : files)
            std::filesystem::copy_file(fixtures + from, inDir(dir, to));
        const CheckpointSet set = openCheckpointSet(dir.path().toStdString(), JobContext{});
        QCOMPARE(set.members.size(), std::size_t(4));
        QCOMPARE(set.parametersPerMember(), std::int64_t(144));  // 108+4 + 4*4+1 + 12+3
        std::map<std::string, std::string> formats;
        for (const SetMember& m : set.members)
            formats[m.name] = m.format;
        QCOMPARE(formats["zip.pt"], std::string("torch-zip"));
        QCOMPARE(formats["legacy.pt"], std::string("torch-legacy"));
        QCOMPARE(formats["lightning.ckpt"], std::string("lightning"));
        QCOMPARE(formats["scripted.pt"],
                 std::string("torchscript"));  // other tensor order: same set
        QCOMPARE(set.excluded.size(), std::size_t(1));
        QCOMPARE(set.excluded[0].name, std::string("truncated.pt"));
        QVERIFY(anyContains(set.warnings, inDir(dir, "truncated.pt") + ":"));
    }

    void openingIsCancellable() {
        QTemporaryDir dir;
        for (int i = 0; i < 5; ++i)
            writeMlp(inDir(dir, "m" + std::to_string(i) + ".safetensors"), kWidths);
        JobContext context;
        int reports = 0;
        context.progress = [&](double, const std::string&) {
            if (++reports == 3)
                context.cancel.cancel();
        };
        QVERIFY_THROWS_EXCEPTION(Cancelled, openCheckpointSet(dir.path().toStdString(), context));
    }
};

QTEST_APPLESS_MAIN(TestCheckpointSet)
#include "TestCheckpointSet.moc"
