// Issue 13: every command that takes a SET takes a folder of archives (or one
// archive) and computes what it computes on the same checkpoints extracted to
// a folder. The fixture archives (tests/fixtures/archive-sets) hold
// nn.Sequential(nn.Linear(3, 2)) members; both sets get the same manifest.
#include <QtTest>

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

#include <utility>

#include "tests/common/RunModescape.h"

using modescape::test::Run;
using modescape::test::runModescape;

namespace {

const QString kFixtures = MODESCAPE_FIXTURES_DIR "/archive-sets/";
const QByteArray kManifest = R"({
  "model": {"builtin": "mlp", "args": {"widths": [3, 2]}},
  "datasets": {"test": "blobs:n=40,centers=2,dim=3,seed=0"}
})";

void writeFile(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

// The output without the keys naming where the set lies or how fast this run went
// (a rate such as "members_per_second" differs between any two runs).
QJsonObject withoutLocation(QJsonObject o) {
    for (const char* key : {"set", "folder", "source", "output"})
        o.remove(key);
    for (const QString& key : o.keys())
        if (key.endsWith("_per_second"))
            o.remove(key);
    return o;
}

}  // namespace

class TestArchiveSetCommands : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString archives_, extracted_;
    QProcessEnvironment env_ = QProcessEnvironment::systemEnvironment();

    // Runs args on both sets (SET replaced by each) and checks the same JSON comes out.
    QJsonObject sameOnBoth(QStringList args) {
        const int set = int(args.indexOf("SET"));
        args[set] = archives_;
        const Run a = runModescape(args, env_);
        args[set] = extracted_;
        const Run b = runModescape(args, env_);
        [&] {
            QVERIFY2(a.code == 0, qPrintable(a.err));
            QVERIFY2(b.code == 0, qPrintable(b.err));
            QVERIFY2(withoutLocation(a.json()).size() > 0, qPrintable(a.out));
            QCOMPARE(withoutLocation(a.json()), withoutLocation(b.json()));
        }();
        return a.json();
    }

  private Q_SLOTS:
    void initTestCase() {
        env_.insert("XDG_CACHE_HOME", dir_.path() + "/cache");
        archives_ = dir_.path() + "/archives";
        extracted_ = dir_.path() + "/extracted";
        QVERIFY(QDir().mkpath(archives_) && QDir().mkpath(extracted_));
        for (const QString name : {"run-0-3.tgz", "run-4-5.tgz"}) {
            QVERIFY(QFile::copy(kFixtures + name, archives_ + "/" + name));
            QCOMPARE(QProcess::execute("tar", {"xzf", kFixtures + name, "-C", extracted_}), 0);
        }
        writeFile(archives_ + "/modescape.json", kManifest);
        writeFile(extracted_ + "/modescape.json", kManifest);
    }

    void evalMatchesTheExtractedSet() {
        const QJsonObject o = sameOnBoth({"eval", "SET", "--json", "--no-cache"});
        const QJsonArray members = o["members"].toArray();
        QCOMPARE(members.size(), 6);
        QCOMPARE(members[0].toObject()["name"].toString(),
                 QString("run-0-3/version_0.safetensors"));
        QVERIFY(members[5].toObject()["accuracy"].isDouble());
    }

    void projectMatchesTheExtractedSet() { sameOnBoth({"project", "SET", "--json"}); }

    void mmdMatchesTheExtractedSet() { sameOnBoth({"mmd", "SET", "--json"}); }

    void symmetryWritesAFolderOfSafetensors() {
        const QString out = dir_.path() + "/symmetric";
        const Run r = runModescape({"symmetry", archives_, "--out", out}, env_);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(QFile::exists(out + "/run-4-5/version_5.safetensors"));
    }

    void oneArchiveWithASidecarEvaluates() {
        const QString one = dir_.path() + "/one";
        QVERIFY(QDir().mkpath(one));
        QVERIFY(QFile::copy(kFixtures + "run-4-5.tgz", one + "/run-4-5.tgz"));
        writeFile(one + "/run-4-5.tgz.modescape.json", kManifest);
        const Run r = runModescape({"eval", one + "/run-4-5.tgz", "--json", "--no-cache"}, env_);
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QJsonArray members = r.json()["members"].toArray();
        QCOMPARE(members.size(), 2);
        QCOMPARE(members[1].toObject()["name"].toString(),
                 QString("run-4-5/version_5.safetensors"));
        // The archive's folder holds only what was put there.
        QCOMPARE(QDir(one).entryList(QDir::NoDotAndDotDot | QDir::AllEntries),
                 (QStringList{"run-4-5.tgz", "run-4-5.tgz.modescape.json"}));
    }

    // `modescape gui SET` takes the same --model and --dataset as every command
    // and refuses bad ones before any window opens (exit 2, the option named).
    void guiChecksModelAndDatasetOptions() {
        const QString set = archives_ + "/run-0-3.tgz";
        const Run model = runModescape({"gui", set, "--model", "bogus"}, env_);
        QCOMPARE(model.code, 2);
        QVERIFY2(model.err.contains("--model 'bogus'"), qPrintable(model.err));
        const Run role = runModescape({"gui", set, "--dataset", "foo=moons"}, env_);
        QCOMPARE(role.code, 2);
        QVERIFY2(role.err.contains("unknown dataset role 'foo'"), qPrintable(role.err));
        const Run missing = runModescape({"gui", dir_.path() + "/no-such.tgz"}, env_);
        QCOMPARE(missing.code, 2);
        QVERIFY2(missing.err.contains("no-such.tgz"), qPrintable(missing.err));
    }

    // `--cache-size` bounds the folder a .tar.zst's entries are extracted to
    // (a zstd stream has no restart points): reading the fixture's four
    // 856-byte entries (`info --check-finite` reads every member) keeps at
    // most 2,000 bytes of them, i.e. two entries; without it (10 GB) all four
    // stay. A bad size is refused with exit 2, naming the option.
    void cacheSizeBoundsTheZstdExtractCache() {
        const QString zst = MODESCAPE_FIXTURES_DIR "/archives/fam-0-3.tar.zst";
        const auto extracted = [](const QString& cache) {
            qint64 bytes = 0;
            int files = 0;
            QDirIterator it(cache + "/modescape/archive-extract", QDir::Files,
                            QDirIterator::Subdirectories);
            while (it.hasNext()) {
                bytes += QFileInfo(it.next()).size();
                ++files;
            }
            return std::pair{files, bytes};
        };
        QProcessEnvironment env = env_;
        env.insert("XDG_CACHE_HOME", dir_.path() + "/zst-bounded");
        const Run bounded =
            runModescape({"--cache-size", "2000", "info", zst, "--check-finite"}, env);
        QVERIFY2(bounded.code == 0, qPrintable(bounded.err));
        const auto [files, bytes] = extracted(dir_.path() + "/zst-bounded");
        QVERIFY2(files >= 1 && bytes <= 2000,
                 qPrintable(QString("%1 files, %2 bytes").arg(files).arg(bytes)));

        env.insert("XDG_CACHE_HOME", dir_.path() + "/zst-default");
        const Run unbounded = runModescape({"info", zst, "--check-finite"}, env);
        QVERIFY2(unbounded.code == 0, qPrintable(unbounded.err));
        QCOMPARE(extracted(dir_.path() + "/zst-default"), (std::pair{4, qint64(4 * 856)}));

        const Run bad = runModescape({"--cache-size", "lots", "info", zst}, env);
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--cache-size"), qPrintable(bad.err));
    }
};

QTEST_APPLESS_MAIN(TestArchiveSetCommands)
#include "TestArchiveSetCommands.moc"
