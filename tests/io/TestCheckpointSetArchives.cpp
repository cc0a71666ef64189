// Archives as checkpoint sets (issue 13, part 1 and its bad input): one .tgz,
// a folder of archives, the sidecar manifest, every bad entry named in a
// warning while the good members open, archives never written, nothing
// written outside the cache. Fixtures: tests/fixtures/archive-sets, made by
// make_set_archives.py (values (member * 16 + tensor * 4 + k) / 64).
#include <QtTest>

#include <QCryptographicHash>
#include <QTemporaryDir>

#include <ATen/ATen.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "core/common/Error.h"
#include "core/evaluation/LoadedSet.h"
#include "core/io/set/NonFiniteScan.h"
#include "core/io/set/OpenMember.h"
#include "core/io/set/OpenSet.h"
#include "core/io/set/TensorSummary.h"
#include "tests/io/TestCheckpointSetFixtures.h"

using namespace modescape;
using namespace modescape::io;
using modescape::test::writeText;

namespace fs = std::filesystem;

namespace {

const std::string kFixtures = std::string(MODESCAPE_FIXTURES_DIR) + "/archive-sets/";

// Copies fixture archives into folder (created), under the names given.
void copyFixtures(const std::string& folder,
                  const std::vector<std::pair<std::string, std::string>>& files) {
    fs::create_directories(folder);
    for (const auto& [fixture, name] : files)
        fs::copy_file(kFixtures + fixture, folder + "/" + name);
}

std::string allWarnings(const CheckpointSet& set) {
    std::string text;
    for (const std::string& w : set.warnings)
        text += w + "\n";
    return text;
}

std::vector<std::string> memberNames(const CheckpointSet& set) {
    std::vector<std::string> names;
    for (const SetMember& m : set.members)
        names.push_back(m.name);
    return names;
}

// A warning that names the archive, the entry and (part of) the reason.
bool warned(const CheckpointSet& set, const std::string& archive, const std::string& entry,
            const std::string& reason) {
    for (const std::string& w : set.warnings)
        if (w.find(archive) != std::string::npos && w.find(entry) != std::string::npos &&
            w.find(reason) != std::string::npos)
            return true;
    return false;
}

QByteArray sha256(const std::string& path) {
    QFile file(QString::fromStdString(path));
    file.open(QIODevice::ReadOnly);
    return QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha256);
}

// Every path under folder with its size (a folder: -1).
std::map<std::string, std::intmax_t> listing(const std::string& folder) {
    std::map<std::string, std::intmax_t> out;
    for (const auto& e : fs::recursive_directory_iterator(folder))
        out[fs::relative(e.path(), folder).string()] =
            e.is_regular_file() ? std::intmax_t(e.file_size()) : -1;
    return out;
}

std::vector<float> floats(const at::Tensor& t) {
    const at::Tensor c = t.to(at::kFloat).contiguous();
    return std::vector<float>(c.data_ptr<float>(), c.data_ptr<float>() + c.numel());
}

}  // namespace

class TestCheckpointSetArchives : public QObject {
    Q_OBJECT
    QTemporaryDir cache_;

  private Q_SLOTS:
    void initTestCase() {
        // Indexes go to the cache directory only; a private one per run.
        qputenv("XDG_CACHE_HOME", cache_.path().toUtf8());
    }

    void oneArchiveIsASet() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"run-0-3.tgz", "run-0-3.tgz"}});
        const std::string archive = fs::canonical(data + "/run-0-3.tgz").string();
        const CheckpointSet set = openCheckpointSet(data + "/run-0-3.tgz", JobContext{});

        QCOMPARE(set.folder, archive);
        QCOMPARE(set.baseFolder(), fs::canonical(data).string());
        QCOMPARE(memberNames(set),
                 (std::vector<std::string>{
                     "run-0-3/version_0.safetensors", "run-0-3/version_1.safetensors",
                     "run-0-3/version_2.safetensors", "run-0-3/version_3.safetensors"}));
        const SetMember& m = set.members[2];
        QCOMPARE(m.group, std::string("run-0-3"));
        QCOMPARE(m.value("version"), std::string("2"));
        QCOMPARE(m.format, std::string("safetensors"));
        QCOMPARE(m.fileBytes, std::uint64_t(152));  // 8 + 128 header + 16 data bytes
        QCOMPARE(m.archive, archive);
        QCOMPARE(m.archiveEntry, std::size_t(2));
        QCOMPARE(m.path, archive + "/run-0-3/version_2.safetensors");
        QCOMPARE(set.tensors.size(), std::size_t(2));
        QCOMPARE(set.tensors[0].name, std::string("0.weight"));
        QCOMPARE(set.tensors[0].shape, (std::vector<std::int64_t>{2, 3}));
        QCOMPARE(set.tensors[0].dtype, DType::F16);
        QCOMPARE(set.tensors[1].name, std::string("0.bias"));
        QCOMPARE(set.parametersPerMember(), std::int64_t(8));
        QCOMPARE(set.archives.size(), std::size_t(1));
        QCOMPARE(set.archives[0].path, archive);
        QCOMPARE(set.archives[0].kind, std::string("tar.gz"));
        QCOMPARE(set.archives[0].entries, std::size_t(4));
        QVERIFY(set.archives[0].rejected.empty());
        QVERIFY(set.excluded.empty());
        QVERIFY2(set.warnings.empty(), allWarnings(set).c_str());
        QVERIFY(set.manifestPath.empty());
    }

    void weightsOfAMemberAreTheGeneratorsValues() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"run-0-3.tgz", "run-0-3.tgz"}});
        const evaluation::LoadedSet loaded(openCheckpointSet(data + "/run-0-3.tgz", JobContext{}),
                                           evaluation::ModelNeed::WhenUsed);
        const model::ParameterSet w = loaded.weights("run-0-3/version_2.safetensors");
        QCOMPARE(w.entries().size(), std::size_t(2));
        // Member 2: (2 * 16 + t * 4 + k) / 64, exact in float16.
        QCOMPARE(w.entries()[0].name, std::string("0.weight"));
        QCOMPARE(floats(w.entries()[0].tensor),
                 (std::vector<float>{0.5f, 0.515625f, 0.53125f, 0.546875f, 0.5625f, 0.578125f}));
        QCOMPARE(floats(w.entries()[1].tensor), (std::vector<float>{0.5625f, 0.578125f}));
        // The details pane and the NaN scan read archive members the same way.
        const auto summary = summarizeTensors(loaded.set().members[1], JobContext{});
        QCOMPARE(summary[1].l2Norm, std::hypot(20.0 / 64, 21.0 / 64));
        QCOMPARE(scanNonFinite(loaded.set(), JobContext{}).reports.size(), std::size_t(4));
    }

    void folderOfArchivesIsOneSetGroupedByArchive() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"run-0-3.tgz", "run-0-3.tgz"}, {"run-4-5.tgz", "run-4-5.tgz"}});
        const CheckpointSet set = openCheckpointSet(data, JobContext{});
        QCOMPARE(set.folder, fs::canonical(data).string());
        QCOMPARE(set.members.size(), std::size_t(6));
        QCOMPARE(set.groupCounts(),
                 (std::map<std::string, std::size_t>{{"run-0-3", 4}, {"run-4-5", 2}}));
        QCOMPARE(set.groups(), (std::vector<std::string>{"run-0-3", "run-4-5"}));
        QCOMPARE(set.members[5].name, std::string("run-4-5/version_5.safetensors"));
        QCOMPARE(set.members[5].value("version"), std::string("5"));
        QCOMPARE(set.archives.size(), std::size_t(2));
        // Its members read from the right archive.
        const auto file = openMember(set.members[5]);
        QCOMPARE(floats(file->read("0.bias")), (std::vector<float>{84.0f / 64, 85.0f / 64}));
    }

    void clashingEntryNamesArePrefixedWithTheirArchive() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"run-0-3.tgz", "a.tgz"}, {"run-0-3.tgz", "b.tar.gz"}});
        const CheckpointSet set = openCheckpointSet(data, JobContext{});
        QCOMPARE(set.members.size(), std::size_t(8));
        QCOMPARE(set.members[0].name, std::string("a.tgz/run-0-3/version_0.safetensors"));
        QCOMPARE(set.members[4].name, std::string("b.tar.gz/run-0-3/version_0.safetensors"));
        QCOMPARE(set.groupCounts(), (std::map<std::string, std::size_t>{{"a", 4}, {"b", 4}}));
    }

    void sidecarManifestIsHonoured() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"run-0-3.tgz", "run-0-3.tgz"}});
        writeText(data + "/run-0-3.tgz.modescape.json", R"({
  "model": {"builtin": "mlp", "args": {"widths": [3, 2]}},
  "datasets": {"test": "moons:n=10,seed=0"},
  "members": [
    {"file": "run-0-3/version_3.safetensors", "group": "late", "metadata": {"seed": "30"}},
    {"file": "run-0-3/version_1.safetensors"},
    {"file": "run-0-3/version_9.safetensors"}
  ]
})");
        const CheckpointSet set = openCheckpointSet(data + "/run-0-3.tgz", JobContext{});
        QCOMPARE(set.manifestPath, data + "/run-0-3.tgz.modescape.json");
        QCOMPARE(set.model.kind, ModelSpec::Kind::Builtin);
        QCOMPARE(set.datasets.size(), std::size_t(1));
        QCOMPARE(memberNames(set), (std::vector<std::string>{"run-0-3/version_3.safetensors",
                                                             "run-0-3/version_1.safetensors"}));
        QCOMPARE(set.members[0].group, std::string("late"));
        QCOMPARE(set.members[0].value("seed"), std::string("30"));
        QCOMPARE(set.members[0].value("version"), std::string("3"));
        QCOMPARE(set.members[1].group, std::string("run-0-3"));
        QVERIFY2(allWarnings(set).find("version_9.safetensors") != std::string::npos,
                 allWarnings(set).c_str());
    }

    void everyBadEntryIsNamedWhileTheGoodOnesOpen() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"bad-entries.tgz", "bad-entries.tgz"}});
        const CheckpointSet set = openCheckpointSet(data + "/bad-entries.tgz", JobContext{});
        QCOMPARE(memberNames(set), (std::vector<std::string>{"bad-0-1/version_0.safetensors",
                                                             "bad-0-1/version_1.safetensors"}));
        const std::string text = allWarnings(set);
        QVERIFY2(warned(set, "bad-entries.tgz", "notes.safetensors", ""), text.c_str());
        QVERIFY2(warned(set, "bad-entries.tgz", "version_wide.safetensors",
                        "tensor '0.weight' expected [2, 3], found [2, 5]"),
                 text.c_str());
        QVERIFY2(warned(set, "bad-entries.tgz", "escape.safetensors", ".."), text.c_str());
        QVERIFY2(warned(set, "bad-entries.tgz", "absolute.safetensors", ""), text.c_str());
        QVERIFY2(warned(set, "bad-entries.tgz", "link.safetensors", "link"), text.c_str());
        QCOMPARE(set.excluded.size(), std::size_t(5));
        QVERIFY(!set.archives[0].rejected.empty());
        // The good members read.
        const auto file = openMember(set.members[1]);
        QCOMPARE(floats(file->read("0.bias")), (std::vector<float>{20.0f / 64, 21.0f / 64}));
    }

    void truncatedArchiveKeepsTheEntriesBeforeTheCut() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"truncated.tar", "cut-0-2.tar"}});
        const CheckpointSet set = openCheckpointSet(data + "/cut-0-2.tar", JobContext{});
        QCOMPARE(memberNames(set), (std::vector<std::string>{"cut-0-2/version_0.safetensors",
                                                             "cut-0-2/version_1.safetensors"}));
        QVERIFY2(warned(set, "cut-0-2.tar", "version_2.safetensors", ""), allWarnings(set).c_str());
        QCOMPARE(floats(openMember(set.members[1])->read("0.bias")),
                 (std::vector<float>{20.0f / 64, 21.0f / 64}));
    }

    void gzipCorruptHalfwayKeepsTheEntriesBeforeTheFault() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"corrupt-halfway.tgz", "noisy.tgz"}});
        const CheckpointSet set = openCheckpointSet(data + "/noisy.tgz", JobContext{});
        QVERIFY(!set.members.empty());
        QVERIFY(set.members.size() < 6);
        QCOMPARE(set.members[0].name, std::string("noisy-0-5/version_0.safetensors"));
        QVERIFY2(warned(set, "noisy.tgz", "noisy-0-5/version_", ""), allWarnings(set).c_str());
        QCOMPARE(openMember(set.members[0])->read("0.weight").numel(), std::int64_t(64 * 64));
    }

    void aFileThatIsNoArchiveIsRefusedByName() {
        QTemporaryDir dir;
        const std::string path = dir.path().toStdString() + "/notes.txt";
        writeText(path, "plain text\n");
        QVERIFY_THROWS_EXCEPTION(FormatError, openCheckpointSet(path, JobContext{}));
        try {
            openCheckpointSet(path, JobContext{});
        } catch (const FormatError& e) {
            QVERIFY2(
                std::string(e.what()).find("neither a folder nor an archive") != std::string::npos,
                e.what());
        }
    }

    void archiveLinkedFromOutsideTheFolderIsRefused() {
        QTemporaryDir dir;
        const std::string root = fs::canonical(dir.path().toStdString()).string();
        copyFixtures(root + "/outside", {{"run-0-3.tgz", "run-0-3.tgz"}});
        copyFixtures(root + "/data", {{"run-4-5.tgz", "run-4-5.tgz"}});
        fs::create_symlink(root + "/outside/run-0-3.tgz", root + "/data/linked.tgz");
        const CheckpointSet set = openCheckpointSet(root + "/data", JobContext{});
        QCOMPARE(set.members.size(), std::size_t(2));
        QCOMPARE(set.excluded.size(), std::size_t(1));
        QVERIFY(set.excluded[0].outsideSet);
        QCOMPARE(set.excluded[0].name, std::string("linked.tgz"));
        OpenSetOptions allow;
        allow.allowOutside = true;
        QCOMPARE(openCheckpointSet(root + "/data", JobContext{}, allow).members.size(),
                 std::size_t(6));
    }

    void archivesAreNeverWrittenAndNothingLandsBesideThem() {
        QTemporaryDir dir;
        const std::string data = dir.path().toStdString() + "/data";
        copyFixtures(data, {{"run-0-3.tgz", "run-0-3.tgz"},
                            {"run-4-5.tgz", "run-4-5.tgz"},
                            {"bad-entries.tgz", "bad-entries.tgz"}});
        const auto before = listing(data);
        const QByteArray hash = sha256(data + "/bad-entries.tgz");
        const auto rootBefore = listing(dir.path().toStdString());
        {
            const evaluation::LoadedSet loaded(openCheckpointSet(data, JobContext{}),
                                               evaluation::ModelNeed::WhenUsed);
            for (const SetMember& m : loaded.set().members)
                loaded.weights(m.name);
            QCOMPARE(loaded.set().members.size(), std::size_t(8));
        }
        QCOMPARE(listing(data), before);
        QCOMPARE(listing(dir.path().toStdString()), rootBefore);
        QCOMPARE(sha256(data + "/bad-entries.tgz"), hash);
        // What opening keeps, it keeps in the cache directory.
        QVERIFY(fs::exists(cache_.path().toStdString() + "/modescape"));
    }
};

QTEST_GUILESS_MAIN(TestCheckpointSetArchives)
#include "TestCheckpointSetArchives.moc"
