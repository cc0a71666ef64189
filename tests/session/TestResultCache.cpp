// The result cache (core/session/ResultCache.h) and the keys it is read by
// (ResultKey.h): a stored landscape reads back equal; a truncated, altered or
// foreign entry is warned about by name and ignored; the folder stays under
// its bound, the least recently used entry going first; and every input that
// changes a result changes its key. Times are set explicitly, never waited for.
#include <QtTest>

#include <QTemporaryDir>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <mutex>

#include "core/analysis/LandscapeAnalysis.h"
#include "core/analysis/Registry.h"
#include "core/common/Log.h"
#include "core/io/set/CheckpointSet.h"
#include "core/landscape/LandscapeHdf5.h"
#include "core/session/ResultCache.h"
#include "core/session/ResultKey.h"

using namespace modescape;
namespace fs = std::filesystem;

namespace {

const std::string kKeyA(32, 'a');
const std::string kKeyB(32, 'b');
const std::string kKeyC(32, 'c');

// A 5 x 5 surface whose point k has loss 0.25 k and accuracy k / 24 (no
// computation: only the files are under test).
landscape::LandscapeResult surface(double offset = 0.0) {
    auto result =
        landscape::makeEmptyResult(analysis::landscapeSettingsFrom({{"grid", "-1:1:5,-1:1:5"}}));
    result.computed.assign(result.loss.size(), 1);
    for (std::size_t k = 0; k < result.loss.size(); ++k) {
        result.loss[k] = offset + 0.25 * static_cast<double>(k);
        result.accuracy[k] = static_cast<double>(k) / 24.0;
    }
    return result;
}

const analysis::Analysis& landscapeAnalysis() {
    return analysis::analysisNamed("landscape");
}

// The warnings logged while it lives.
class WarningLog {
  public:
    WarningLog()
        : id_(log::addSink([this](log::Level level, const std::string& message) {
              if (level == log::Level::Warning) {
                  std::lock_guard lock(mutex_);
                  lines_.push_back(message);
              }
          })) {}
    ~WarningLog() { log::removeSink(id_); }
    std::vector<std::string> lines() {
        std::lock_guard lock(mutex_);
        return lines_;
    }

  private:
    std::mutex mutex_;
    std::vector<std::string> lines_;
    int id_;
};

// A fixed time in the past (November 2023) plus `seconds`: mtimes are set,
// not waited for. The file clock's epoch is not the system clock's, hence from_sys.
fs::file_time_type at(int seconds) {
    return std::chrono::file_clock::from_sys(
        std::chrono::sys_seconds(std::chrono::seconds(1'700'000'000 + seconds)));
}

void writeBytes(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

}  // namespace

class TestResultCache : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        // Landscapes keep their results as HDF5 surfaces.
        QVERIFY2(landscape::hdf5Available(), "this build has no HDF5");
    }

    void aStoredResultReadsBackEqual() {
        QTemporaryDir dir;
        const session::ResultCache cache(dir.path().toStdString(), 1 << 20);
        const auto& analysis = landscapeAnalysis();
        QVERIFY(cache.keeps(analysis));
        QVERIFY(!cache.find(analysis, kKeyA));  // nothing stored yet
        QVERIFY(cache.store(analysis, kKeyA, std::any(surface())));
        QVERIFY(fs::exists(cache.headerPath(kKeyA)));
        QVERIFY(fs::exists(cache.resultPath(kKeyA, "h5")));
        const auto found = cache.find(analysis, kKeyA);
        QVERIFY(found);
        const auto& back = std::any_cast<const landscape::LandscapeResult&>(*found);
        const auto stored = surface();
        // HDF5 keeps float64 exactly.
        QCOMPARE(back.loss, stored.loss);
        QCOMPARE(back.accuracy.size(), stored.accuracy.size());
        for (std::size_t k = 0; k < back.accuracy.size(); ++k)
            // The file keeps accuracy in percent (the reference layout): x 100
            // and / 100 are two roundings, at most 2 ulp of a value <= 1 (4.4e-16).
            QVERIFY(std::abs(back.accuracy[k] - stored.accuracy[k]) <= 1e-15);
        QCOMPARE(back.xs, stored.xs);
        QCOMPARE(back.ys, stored.ys);
        QVERIFY(!cache.find(analysis, kKeyB));
    }

    void aBadEntryIsWarnedAboutAndIgnored_data() {
        QTest::addColumn<QString>("damage");
        QTest::addColumn<QString>("named");  // the file the warning names
        QTest::addColumn<QString>("says");
        QTest::newRow("truncated") << "truncate"
                                   << "h5"
                                   << "truncated or replaced";
        QTest::newRow("one byte changed") << "flip"
                                          << "h5"
                                          << "checksum";
        QTest::newRow("result file gone") << "remove"
                                          << "h5"
                                          << "cannot be read";
        QTest::newRow("header not JSON") << "header-text"
                                         << "entry"
                                         << "not JSON";
        QTest::newRow("header of a newer version") << "header-version"
                                                   << "entry"
                                                   << "version 99";
    }
    void aBadEntryIsWarnedAboutAndIgnored() {
        QFETCH(QString, damage);
        QFETCH(QString, named);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const session::ResultCache cache(dir.path().toStdString(), 1 << 20);
        const auto& analysis = landscapeAnalysis();
        QVERIFY(cache.store(analysis, kKeyA, std::any(surface())));
        const std::string file = cache.resultPath(kKeyA, "h5");
        const std::string header = cache.headerPath(kKeyA);
        if (damage == "truncate") {
            fs::resize_file(file, fs::file_size(file) / 2);
        } else if (damage == "flip") {
            std::fstream stream(file, std::ios::in | std::ios::out | std::ios::binary);
            stream.seekg(static_cast<std::streamoff>(fs::file_size(file) - 8));
            const char byte = static_cast<char>(stream.get());
            stream.seekp(static_cast<std::streamoff>(fs::file_size(file) - 8));
            stream.put(static_cast<char>(byte ^ 0x5a));
        } else if (damage == "remove") {
            fs::remove(file);
        } else if (damage == "header-text") {
            writeBytes(header, "{\"format\": \"modescape-res");
        } else {
            std::ifstream in(header);
            auto json = nlohmann::json::parse(in);
            json["version"] = 99;
            writeBytes(header, json.dump());
        }
        WarningLog warnings;
        QVERIFY(!cache.find(analysis, kKeyA));  // no crash, no result
        const auto lines = warnings.lines();
        QCOMPARE(lines.size(), std::size_t(1));
        const std::string path = named == "h5" ? file : header;
        QVERIFY2(lines.front().rfind(path, 0) == 0 &&
                     lines.front().find(says.toStdString()) != std::string::npos,
                 lines.front().c_str());
        // Removed, so it is said once; the next store makes a good entry again.
        QVERIFY(!fs::exists(header) && !fs::exists(file));
        QVERIFY(cache.store(analysis, kKeyA, std::any(surface())));
        QVERIFY(cache.find(analysis, kKeyA));
    }

    void theLeastRecentlyUsedEntryGoesFirst() {
        QTemporaryDir dir;
        const auto& analysis = landscapeAnalysis();
        // Every entry of a 5 x 5 surface takes the same bytes: measure one.
        std::uint64_t entry = 0;
        {
            const session::ResultCache probe(dir.filePath("probe").toStdString(), 1 << 20);
            QVERIFY(probe.store(analysis, kKeyA, std::any(surface())));
            entry = probe.bytesUsed();
            QVERIFY(entry > 0);
        }
        // Room for two entries, not three.
        const std::uint64_t bound = 2 * entry + entry / 2;
        const session::ResultCache cache(dir.filePath("cache").toStdString(), bound);
        QVERIFY(cache.store(analysis, kKeyA, std::any(surface(1.0))));
        QVERIFY(cache.store(analysis, kKeyB, std::any(surface(2.0))));
        QCOMPARE(cache.bytesUsed(), 2 * entry);
        // A was used before B; then A is used again (find touches it).
        fs::last_write_time(cache.headerPath(kKeyA), at(10));
        fs::last_write_time(cache.headerPath(kKeyB), at(20));
        QVERIFY(cache.find(analysis, kKeyA));
        QVERIFY(fs::last_write_time(cache.headerPath(kKeyA)) > at(20));
        // A third entry makes room by dropping B, the least recently used.
        QVERIFY(cache.store(analysis, kKeyC, std::any(surface(3.0))));
        QVERIFY(!fs::exists(cache.headerPath(kKeyB)));
        QVERIFY(!fs::exists(cache.resultPath(kKeyB, "h5")));
        QVERIFY(cache.find(analysis, kKeyA));
        QVERIFY(cache.find(analysis, kKeyC));
        QCOMPARE(cache.bytesUsed(), 2 * entry);
        QVERIFY(cache.bytesUsed() <= bound);
        // A result larger than the whole bound is not kept at all.
        const session::ResultCache tiny(dir.filePath("tiny").toStdString(), entry / 4);
        QVERIFY(!tiny.store(analysis, kKeyA, std::any(surface())));
        QCOMPARE(tiny.bytesUsed(), std::uint64_t(0));
    }

    void theBoundComesFromTheEnvironment() {
        qputenv("MODESCAPE_RESULT_CACHE_BYTES", "512M");
        QCOMPARE(session::defaultResultCacheBound(), std::uint64_t(512) << 20);
        qputenv("MODESCAPE_RESULT_CACHE_BYTES", "1000");
        QCOMPARE(session::defaultResultCacheBound(), std::uint64_t(1000));
        qputenv("MODESCAPE_RESULT_CACHE_BYTES", "0");  // off
        QVERIFY(!session::ResultCache::fromEnvironment().keeps(landscapeAnalysis()));
        qputenv("MODESCAPE_RESULT_CACHE_BYTES", "lots");
        QCOMPARE(session::defaultResultCacheBound(), std::uint64_t(2) << 30);
        qunsetenv("MODESCAPE_RESULT_CACHE_BYTES");
        QCOMPARE(session::defaultResultCacheBound(), std::uint64_t(2) << 30);
        qputenv("MODESCAPE_RESULT_CACHE", "/somewhere/results");
        QCOMPARE(session::defaultResultCacheFolder(), std::string("/somewhere/results"));
        qunsetenv("MODESCAPE_RESULT_CACHE");
        qputenv("XDG_CACHE_HOME", "/xdg");
        QCOMPARE(session::defaultResultCacheFolder(), std::string("/xdg/modescape/results"));
    }

    // Everything that changes a result changes its key; nothing else does.
    void keysMissWhenAnInputChanges() {
        QTemporaryDir dir;
        const std::string member = dir.filePath("m1.safetensors").toStdString();
        const std::string model = dir.filePath("model.pt").toStdString();
        const std::string directions = dir.filePath("dirs.h5").toStdString();
        for (const auto& path : {member, model, directions})
            writeBytes(path, "0123456789");
        for (const auto& path : {member, model, directions})
            fs::last_write_time(path, at(0));
        io::CheckpointSet set;
        set.folder = dir.path().toStdString();
        set.model.kind = io::ModelSpec::Kind::TorchScript;
        set.model.path = model;
        set.datasets = {{"test", "moons:n=200,seed=1"}};
        set.members.push_back({});
        set.members.back().name = "m1";
        set.members.back().path = member;
        set.members.back().fileBytes = 10;
        const auto& analysis = landscapeAnalysis();
        const analysis::ParameterValues values{
            {"grid", "-1:1:5"}, {"directions", "file"}, {"direction-file", directions}};
        const std::string key = session::resultKey(analysis, values, set);
        QCOMPARE(session::resultKey(analysis, values, set), key);

        // A parameter.
        auto otherValues = values;
        otherValues["grid"] = "-1:1:7";
        QVERIFY(session::resultKey(analysis, otherValues, set) != key);
        // A member file touched (same size, later mtime), then rewritten.
        fs::last_write_time(member, at(1));
        QVERIFY(session::resultKey(analysis, values, set) != key);
        fs::last_write_time(member, at(0));
        QCOMPARE(session::resultKey(analysis, values, set), key);
        // The data and model overrides.
        auto otherData = set;
        otherData.datasets = {{"test", "moons:n=200,seed=2"}};
        QVERIFY(session::resultKey(analysis, values, otherData) != key);
        auto otherModel = set;
        otherModel.model.path = directions;
        QVERIFY(session::resultKey(analysis, values, otherModel) != key);
        // The model file and the direction file rewritten in place (sizes change).
        writeBytes(model, "01234567890");
        fs::last_write_time(model, at(0));
        QVERIFY(session::resultKey(analysis, values, set) != key);
        writeBytes(model, "0123456789");
        fs::last_write_time(model, at(0));
        QCOMPARE(session::resultKey(analysis, values, set), key);
        fs::last_write_time(directions, at(5));
        QVERIFY(session::resultKey(analysis, values, set) != key);
        fs::last_write_time(directions, at(0));
        QCOMPARE(session::resultKey(analysis, values, set), key);
        // The manifest regrouping a member, or rewritten.
        auto regrouped = set;
        regrouped.members.back().group = "other";
        QVERIFY(session::resultKey(analysis, values, regrouped) != key);
        auto withManifest = set;
        withManifest.manifestPath = member;  // any file: its stamp is what counts
        const std::string manifestKey = session::resultKey(analysis, values, withManifest);
        QVERIFY(manifestKey != key);
        fs::last_write_time(member, at(9));
        QVERIFY(session::resultKey(analysis, values, withManifest) != manifestKey);
    }
};

QTEST_GUILESS_MAIN(TestResultCache)
#include "TestResultCache.moc"
