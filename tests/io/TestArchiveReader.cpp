// Checkpoint archives opened in place (core/io/archive): every kind lists the
// generator's members with their exact bytes (tests/fixtures/archives,
// make_archives.py); bad entries are rejected with their reason while the
// good ones stay; the index is kept in the cache and reused until the archive
// changes; gzip entries are read from access points in any order; nothing is
// written outside the cache and the archive is never modified.
#include <QtTest>

#include <ATen/ATen.h>
#include <archive.h>
#include <archive_entry.h>
#include <sys/stat.h>
#include <utime.h>
#include <zlib.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <thread>

#include "core/common/Error.h"
#include "core/io/archive/ArchiveIndexCache.h"
#include "core/io/archive/ArchiveIndexPruning.h"
#include "core/io/archive/ArchiveMemberFile.h"
#include "core/io/archive/ArchiveReader.h"

using namespace modescape;
using namespace modescape::io;
using namespace modescape::io::archive;
namespace fs = std::filesystem;

namespace {
const std::string kFixtures = MODESCAPE_FIXTURES_DIR "/archives/";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

QString sha256(const std::string& bytes) {
    return QString::fromLatin1(
        QCryptographicHash::hash(QByteArray(bytes.data(), static_cast<int>(bytes.size())),
                                 QCryptographicHash::Sha256)
            .toHex());
}

QJsonObject expected() {
    const std::string text = readFile(kFixtures + "expected.json");
    return QJsonDocument::fromJson(QByteArray::fromStdString(text)).object();
}

// Every file under root with its SHA-256, to show what was (not) written.
std::map<std::string, QString> snapshot(const std::string& root) {
    std::map<std::string, QString> files;
    for (const auto& item : fs::recursive_directory_iterator(root))
        if (item.is_regular_file())
            files[fs::relative(item.path(), root).string()] =
                sha256(readFile(item.path().string()));
    return files;
}

// bytes as one complete gzip member (header, deflate stream, trailer).
std::string gzipMember(const std::string& bytes) {
    z_stream stream{};
    if (deflateInit2(&stream, 6, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
        return {};
    std::string out(deflateBound(&stream, bytes.size()) + 64, '\0');
    stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(bytes.data()));
    stream.avail_in = static_cast<uInt>(bytes.size());
    stream.next_out = reinterpret_cast<Bytef*>(out.data());
    stream.avail_out = static_cast<uInt>(out.size());
    const int status = deflate(&stream, Z_FINISH);
    out.resize(stream.total_out);
    deflateEnd(&stream);
    return status == Z_STREAM_END ? out : std::string();
}

void setLastWrite(const fs::path& path, fs::file_time_type when) {
    fs::last_write_time(path, when);
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// Checks names, sizes and bytes of an archive's entries against the generator's.
void compareEntries(const ArchiveReader& archive, const QJsonArray& members) {
    QCOMPARE(archive.entries().size(), static_cast<std::size_t>(members.size()));
    for (int i = 0; i < members.size(); ++i) {
        const QJsonObject member = members[i].toObject();
        const ArchiveEntry& entry = archive.entries()[static_cast<std::size_t>(i)];
        QCOMPARE(QString::fromStdString(entry.name), member["name"].toString());
        QCOMPARE(static_cast<qint64>(entry.size), member["size"].toInteger());
        QCOMPARE(sha256(archive.readEntry(static_cast<std::size_t>(i))),
                 member["sha256"].toString());
    }
}

// A safetensors file holding one float16 tensor of n values drawn from rng,
// from a small alphabet so that deflate finds something to compress.
std::string bigSafetensors(std::size_t n, std::mt19937& rng) {
    std::string json = "{\"conv1.weight\":{\"dtype\":\"F16\",\"shape\":[" + std::to_string(n) +
                       "],\"data_offsets\":[0," + std::to_string(2 * n) + "]}}";
    json.append((8 - json.size() % 8) % 8, ' ');
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i)
        bytes[static_cast<std::size_t>(i)] = static_cast<char>((json.size() >> (8 * i)) & 0xff);
    bytes += json;
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint16_t value = static_cast<std::uint16_t>(0x3c00 + (rng() % 512));
        bytes.push_back(static_cast<char>(value & 0xff));
        bytes.push_back(static_cast<char>(value >> 8));
    }
    return bytes;
}

// Writes a tar archive through libarchive's writer with the given filter.
void writeTar(const std::string& path,
              const std::vector<std::pair<std::string, std::string>>& files, int filter) {
    struct archive* writer = archive_write_new();
    archive_write_set_format_pax_restricted(writer);
    archive_write_add_filter(writer, filter);
    QCOMPARE(archive_write_open_filename(writer, path.c_str()), ARCHIVE_OK);
    for (const auto& [name, bytes] : files) {
        struct archive_entry* entry = archive_entry_new();
        archive_entry_set_pathname(entry, name.c_str());
        archive_entry_set_size(entry, static_cast<la_int64_t>(bytes.size()));
        archive_entry_set_filetype(entry, AE_IFREG);
        archive_entry_set_perm(entry, 0644);
        archive_write_header(writer, entry);
        archive_write_data(writer, bytes.data(), bytes.size());
        archive_entry_free(entry);
    }
    archive_write_close(writer);
    archive_write_free(writer);
}
}  // namespace

class TestArchiveReader : public QObject {
    Q_OBJECT

    QTemporaryDir work_;   // copies of the fixtures
    QTemporaryDir cache_;  // the only place we may write
    ArchiveOptions options_;

    std::string copyFixture(const std::string& name) {
        const std::string target = work_.path().toStdString() + "/" + name;
        fs::copy_file(kFixtures + name, target, fs::copy_options::overwrite_existing);
        return target;
    }

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(work_.isValid() && cache_.isValid());
        options_.cacheDir = cache_.path().toStdString();
    }

    void kindsAreSniffedAndNamed() {
        QCOMPARE(sniffArchive(kFixtures + "fam-0-3.tgz"), std::optional(ArchiveKind::TarGzip));
        QCOMPARE(sniffArchive(kFixtures + "fam-0-3.tar"), std::optional(ArchiveKind::Tar));
        QCOMPARE(sniffArchive(kFixtures + "fam-0-3.tar.zst"), std::optional(ArchiveKind::TarZstd));
        QCOMPARE(sniffArchive(kFixtures + "fam-0-3.zip"), std::optional(ArchiveKind::Zip));
        QCOMPARE(sniffArchive(kFixtures + "expected.json"), std::nullopt);
        QVERIFY(hasArchiveSuffix("A.TGZ") && hasArchiveSuffix("a.tar.zst") &&
                hasArchiveSuffix("b.zip"));
        QVERIFY(!hasArchiveSuffix("a.safetensors") && !hasArchiveSuffix(".tar"));
        QCOMPARE(archiveKindName(ArchiveKind::TarZstd), std::string("tar.zst"));
    }

    void everyKindListsTheMembersWithTheirBytes_data() {
        QTest::addColumn<QString>("file");
        QTest::newRow("tar") << "fam-0-3.tar";
        QTest::newRow("tar.gz") << "fam-0-3.tgz";
        QTest::newRow("tar.zst") << "fam-0-3.tar.zst";
        QTest::newRow("zip deflated") << "fam-0-3.zip";
        QTest::newRow("zip stored") << "fam-0-3-stored.zip";
    }
    void everyKindListsTheMembersWithTheirBytes() {
        QFETCH(QString, file);
        const std::string path = copyFixture(file.toStdString());
        const auto archive = openArchive(path, {}, options_);
        QVERIFY(archive->rejected().empty());
        compareEntries(*archive, expected()["good"].toArray());
        if (archive->kind() == ArchiveKind::Zip) {
            // Read where the data lies (stored 0, deflated 8), not through libarchive.
            const std::string absolute = fs::canonical(path).string();
            const auto index = loadArchiveIndex(archiveIndexPath(options_.cacheDir, absolute),
                                                absolute, fileIdentityOf(path));
            QVERIFY(index.has_value());
            for (const EntryLocation& location : index->locations)
                QCOMPARE(location.method, file.contains("stored") ? 0u : 8u);
        }
    }

    void truncatedPlainTarKeepsTheEntriesBeforeTheCut() {
        // fam-0-3.tar: version_2's data spans bytes 5120 to 5976.
        const std::string path = work_.path().toStdString() + "/cut.tar";
        std::ofstream(path, std::ios::binary)
            << readFile(kFixtures + "fam-0-3.tar").substr(0, 5500);
        const auto archive = openArchive(path, {}, options_);
        QCOMPARE(archive->entries().size(), std::size_t(2));
        QCOMPARE(sha256(archive->readEntry(1)),
                 expected()["good"].toArray()[1].toObject()["sha256"].toString());
        QCOMPARE(archive->rejected().size(), std::size_t(1));
        QCOMPARE(archive->rejected()[0].name, std::string("fam-0-3/version_2.safetensors"));
        QCOMPARE(archive->rejected()[0].reason, std::string("the archive ends inside this entry"));
    }

    void notAnArchiveIsRefusedWithItsName() {
        const std::string path = work_.path().toStdString() + "/notes.tgz";
        std::ofstream(path, std::ios::binary) << "just text, not an archive";
        try {
            openArchive(path, {}, options_);
            QFAIL("opened a text file");
        } catch (const FormatError& error) {
            QVERIFY2(contains(error.what(), "notes.tgz: is not an archive"), error.what());
        }
        // gzip, but no tar inside
        const std::string gz = work_.path().toStdString() + "/single.tgz";
        std::ofstream(gz, std::ios::binary) << readFile(kFixtures + "fam-0-3.tgz").substr(0, 20);
        QVERIFY_THROWS_EXCEPTION(FormatError, openArchive(gz, {}, options_));
    }

    void badEntriesAreRejectedWithTheirReason() {
        const auto archive = openArchive(copyFixture("mixed-entries.tgz"), {}, options_);
        const QJsonObject mixed = expected()["mixed"].toObject();
        compareEntries(*archive, mixed["entries"].toArray());
        const QJsonObject reasons = mixed["rejected"].toObject();
        QCOMPARE(archive->rejected().size(), static_cast<std::size_t>(reasons.size()));
        for (const RejectedEntry& rejected : archive->rejected()) {
            const QString name = QString::fromStdString(rejected.name);
            QVERIFY2(reasons.contains(name), qPrintable(name));
            QVERIFY2(contains(rejected.reason, reasons[name].toString().toStdString()),
                     qPrintable(name + ": " + QString::fromStdString(rejected.reason)));
        }
    }

    void truncatedArchiveKeepsTheEntriesBeforeTheCut() {
        const auto archive = openArchive(copyFixture("damaged-truncated.tgz"), {}, options_);
        const QJsonObject truncated = expected()["truncated"].toObject();
        compareEntries(*archive, truncated["entries"].toArray());
        QCOMPARE(archive->rejected().size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(archive->rejected()[0].name),
                 truncated["rejected"].toArray()[0].toString());
        QCOMPARE(archive->rejected()[0].reason, std::string("the archive ends inside this entry"));
    }

    void corruptStreamKeepsTheIntactEntriesBeforeIt() {
        const auto archive = openArchive(copyFixture("damaged-corrupt.tgz"), {}, options_);
        const QJsonArray intact = expected()["corrupt"].toObject()["intact"].toArray();
        // The entry in which zlib notices the damage is rejected; it may be the
        // last intact one when the damage lies in the header after it.
        QVERIFY(archive->entries().size() + 1 >= static_cast<std::size_t>(intact.size()));
        QVERIFY(archive->entries().size() <= static_cast<std::size_t>(intact.size()));
        for (std::size_t i = 0; i < archive->entries().size(); ++i)
            QCOMPARE(sha256(archive->readEntry(i)),
                     intact[static_cast<int>(i)].toObject()["sha256"].toString());
        QVERIFY(!archive->rejected().empty());
        const std::string& reason = archive->rejected().front().reason;
        QVERIFY2(contains(reason, "corrupt") || contains(reason, "damaged"), reason.c_str());
    }

    void indexIsReusedUntilTheArchiveChanges() {
        const std::string path = copyFixture("fam-0-3.tgz");
        QVERIFY(!openArchive(path, {}, options_)->indexFromCache());
        const auto again = openArchive(path, {}, options_);
        QVERIFY(again->indexFromCache());
        compareEntries(*again, expected()["good"].toArray());

        // A new mtime: indexed again, and that index is reused next time.
        struct utimbuf times {
            1600000000, 1600000000
        };
        QCOMPARE(::utime(path.c_str(), &times), 0);
        QVERIFY(!openArchive(path, {}, options_)->indexFromCache());
        QVERIFY(openArchive(path, {}, options_)->indexFromCache());

        // A damaged index file is not trusted.
        const std::string indexPath =
            archiveIndexPath(options_.cacheDir, fs::canonical(path).string());
        std::string bytes = readFile(indexPath);
        bytes[bytes.size() / 2] ^= 0x20;
        std::ofstream(indexPath, std::ios::binary | std::ios::trunc) << bytes;
        const auto reindexed = openArchive(path, {}, options_);
        QVERIFY(!reindexed->indexFromCache());
        compareEntries(*reindexed, expected()["good"].toArray());
    }

    void readingAfterTheArchiveChangedIsRefused() {
        const std::string path = copyFixture("fam-0-3.tar");
        const auto archive = openArchive(path, {}, options_);
        copyFixture("fam-0-3.tgz");
        fs::copy_file(kFixtures + "fam-0-3.tgz", path, fs::copy_options::overwrite_existing);
        try {
            archive->readEntry(0);
            QFAIL("read a changed archive");
        } catch (const FormatError& error) {
            QVERIFY2(contains(error.what(), "fam-0-3/version_0.safetensors: the archive changed"),
                     error.what());
        }
    }

    void memberFileReadsTheTensors() {
        const auto archive = openArchive(copyFixture("fam-0-3.tar"), {}, options_);
        const QJsonObject first = expected()["good"].toArray()[1].toObject()["first"].toObject();
        const auto member = openArchiveMember(archive, 1);
        QCOMPARE(member->format(), std::string("safetensors"));
        QVERIFY(contains(member->path(), "fam-0-3.tar/fam-0-3/version_1.safetensors"));
        QCOMPARE(member->tensors().size(), std::size_t(8));
        QCOMPARE(member->tensors()[0].name, std::string("conv1.weight"));
        for (const TensorInfo& info : member->tensors()) {
            const at::Tensor tensor = member->read(info.name);
            QCOMPARE(tensor.scalar_type(), at::kHalf);
            const at::Tensor values = tensor.to(at::kFloat).reshape({-1});
            const QJsonArray want = first[QString::fromStdString(info.name)].toArray();
            for (int i = 0; i < want.size(); ++i)
                QCOMPARE(values[i].item<float>(), static_cast<float>(want[i].toDouble()));
        }
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, member->read("no.such.tensor"));
    }

    // Several access points, entries far from the stream's start, read in a
    // shuffled order; then again from the cached index.
    void gzipEntriesAreReadInAnyOrder() {
        std::mt19937 rng(20261206);
        std::vector<std::pair<std::string, std::string>> files;
        for (int i = 0; i < 12; ++i)
            files.emplace_back("big-0-11/version_" + std::to_string(i) + ".safetensors",
                               bigSafetensors(250000 + 1000 * i, rng));
        const std::string path = work_.path().toStdString() + "/big-0-11.tgz";
        writeTar(path, files, ARCHIVE_FILTER_GZIP);

        for (const bool cached : {false, true}) {
            const auto archive = openArchive(path, {}, options_);
            QCOMPARE(archive->indexFromCache(), cached);
            QCOMPARE(archive->entries().size(), files.size());
            std::vector<std::size_t> order(files.size());
            std::iota(order.begin(), order.end(), 0);
            std::shuffle(order.begin(), order.end(), rng);
            for (std::size_t i : order)
                QVERIFY(archive->readEntry(i) == files[i].second);
        }
        const auto index =
            loadArchiveIndex(archiveIndexPath(options_.cacheDir, fs::canonical(path).string()),
                             fs::canonical(path).string(), fileIdentityOf(path));
        QVERIFY(index.has_value());
        QVERIFY(index->accessPoints.size() >= 4);
        for (std::size_t i = 1; i < index->accessPoints.size(); ++i)
            QVERIFY(index->accessPoints[i].out - index->accessPoints[i - 1].out >= (1u << 20));
        // Every entry starts at most about 1 MiB after a point: reading it
        // never inflates the stream from its start (the last starts ~5.5 MB in).
        QVERIFY(index->locations.back().offset > (5u << 20));
        for (const EntryLocation& location : index->locations) {
            std::uint64_t nearest = 0;
            for (const GzipAccessPoint& point : index->accessPoints)
                if (point.out <= location.offset)
                    nearest = point.out;
            QVERIFY(location.offset - nearest < (1u << 20) + (256u << 10));
        }
    }

    // A .tgz may be several gzip members one after another (`cat a.gz b.gz`,
    // pigz, appended archives); gzip -dc reads it as one stream, and so must we,
    // also when an entry straddles the boundary and when read out of order.
    void multiMemberGzipReadsAsOneStream() {
        std::mt19937 rng(7);
        std::vector<std::pair<std::string, std::string>> files;
        for (int i = 0; i < 6; ++i)
            files.emplace_back("multi-0-5/version_" + std::to_string(i) + ".safetensors",
                               bigSafetensors(300000 + 7000 * i, rng));
        const std::string tarPath = work_.path().toStdString() + "/multi.tar";
        writeTar(tarPath, files, ARCHIVE_FILTER_NONE);
        const std::string tar = readFile(tarPath);
        // Cut points inside entries, so that entries span two members.
        const std::size_t cuts[] = {0, tar.size() / 3 + 123, 2 * tar.size() / 3 + 45, tar.size()};
        std::string gz;
        for (int part = 0; part < 3; ++part) {
            const std::string member =
                gzipMember(tar.substr(cuts[part], cuts[part + 1] - cuts[part]));
            QVERIFY(!member.empty());
            gz += member;
        }
        const std::string path = work_.path().toStdString() + "/multi-0-5.tgz";
        std::ofstream(path, std::ios::binary) << gz;

        for (const bool cached : {false, true}) {
            const auto archive = openArchive(path, {}, options_);
            QCOMPARE(archive->indexFromCache(), cached);
            QVERIFY(archive->rejected().empty());
            QCOMPARE(archive->entries().size(), files.size());
            for (std::size_t i : {5, 1, 3, 0, 4, 2})
                QVERIFY2(archive->readEntry(i) == files[i].second, files[i].first.c_str());
        }
    }

    // Indexes of archives no longer used go: the stale first, then the least
    // recently used until the folder fits its bound; never the one in use,
    // never a file that is not an index.
    void indexFolderIsPrunedLeastRecentlyUsedFirst() {
        QTemporaryDir folderDir;
        const fs::path folder = folderDir.path().toStdString();
        const auto now = fs::file_time_type::clock::now();
        using std::chrono::hours;
        const auto write = [&](const std::string& name, std::size_t bytes, hours age) {
            std::ofstream(folder / name, std::ios::binary) << std::string(bytes, 'x');
            setLastWrite(folder / name, now - age);
        };
        write("stale.idx", 10, hours(24 * 100));  // older than 90 days
        write("old.idx", 400, hours(24 * 30));    // least recently used
        write("middle.idx", 300, hours(24 * 20));
        write("recent.idx", 200, hours(1));
        write("current.idx", 500, hours(24 * 60));  // the one just written: kept
        write("notes.txt", 5000, hours(24 * 365));  // not an index
        IndexPruningLimits limits;
        limits.maxBytes = 1000;  // 1,410 bytes of indexes: 410 over after the stale one
        const auto removed = pruneArchiveIndexes(folder, folder / "current.idx", limits, now);
        std::set<std::string> names;
        for (const fs::path& p : removed)
            names.insert(p.filename().string());
        QCOMPARE(names, (std::set<std::string>{"stale.idx", "old.idx"}));
        for (const char* kept : {"middle.idx", "recent.idx", "current.idx", "notes.txt"})
            QVERIFY2(fs::exists(folder / kept), kept);
    }

    // A cached open marks its index as used; a new index prunes stale ones.
    void openingKeepsTheIndexFolderPruned() {
        QTemporaryDir cache;
        ArchiveOptions options;
        options.cacheDir = cache.path().toStdString();
        const fs::path folder = fs::path(options.cacheDir) / "archive-index";
        fs::create_directories(folder);
        const auto now = fs::file_time_type::clock::now();
        std::ofstream(folder / "gone.idx") << "an index of an archive long deleted";
        setLastWrite(folder / "gone.idx", now - std::chrono::hours(24 * 91));

        const std::string path = copyFixture("fam-0-3.tar");
        QVERIFY(!openArchive(path, {}, options)->indexFromCache());
        QVERIFY(!fs::exists(folder / "gone.idx"));
        const fs::path index = archiveIndexPath(options.cacheDir, fs::canonical(path).string());
        setLastWrite(index, now - std::chrono::hours(24 * 10));
        QVERIFY(openArchive(path, {}, options)->indexFromCache());
        QVERIFY(fs::last_write_time(index) > now - std::chrono::hours(1));
    }

    void entriesAreReadConcurrently() {
        const auto archive = openArchive(copyFixture("damaged-corrupt.tgz"), {}, options_);
        const QJsonArray intact = expected()["corrupt"].toObject()["intact"].toArray();
        std::vector<std::thread> threads;
        std::atomic<int> wrong{0};
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&] {
                for (int round = 0; round < 10; ++round)
                    for (std::size_t i = 0; i < archive->entries().size(); ++i)
                        if (sha256(archive->readEntry(i)) !=
                            intact[static_cast<int>(i)].toObject()["sha256"].toString())
                            ++wrong;
            });
        for (std::thread& thread : threads)
            thread.join();
        QCOMPARE(wrong.load(), 0);
    }

    void indexingReportsProgressAndCanBeCancelled() {
        std::mt19937 rng(7);
        std::vector<std::pair<std::string, std::string>> files;
        for (int i = 0; i < 6; ++i)
            files.emplace_back("p-0-5/version_" + std::to_string(i) + ".safetensors",
                               bigSafetensors(1000000, rng));
        const std::string path = work_.path().toStdString() + "/p-0-5.tgz";
        writeTar(path, files, ARCHIVE_FILTER_GZIP);

        JobContext cancelled;
        cancelled.cancel.cancel();
        QVERIFY_THROWS_EXCEPTION(Cancelled, openArchive(path, cancelled, options_));

        std::vector<std::pair<double, std::string>> reports;
        JobContext watched;
        watched.progress = [&](double fraction, const std::string& message) {
            reports.emplace_back(fraction, message);
        };
        openArchive(path, watched, options_);
        QVERIFY(reports.size() >= 2);
        QVERIFY2(contains(reports.front().second, "indexing p-0-5.tgz: "),
                 reports.front().second.c_str());
        QVERIFY(contains(reports.front().second, " MB"));
        QCOMPARE(reports.back().first, 1.0);
    }

    // .tar.zst entries come from the extraction cache, which stays within
    // its bound (evicting the least recently used) and still serves the
    // right bytes in any order.
    void zstdExtractionCacheStaysWithinItsBound() {
        std::mt19937 rng(11);
        std::vector<std::pair<std::string, std::string>> files;
        for (int i = 0; i < 10; ++i)
            files.emplace_back("z-0-9/version_" + std::to_string(i) + ".safetensors",
                               bigSafetensors(200000, rng));  // about 400 kB each
        const std::string path = work_.path().toStdString() + "/z-0-9.tar.zst";
        writeTar(path, files, ARCHIVE_FILTER_ZSTD);

        QTemporaryDir cache;
        ArchiveOptions options;
        options.cacheDir = cache.path().toStdString();
        options.extractCacheBytes = 1500000;  // three entries
        const auto archive = openArchive(path, {}, options);
        QCOMPARE(archive->entries().size(), files.size());
        const auto extractedBytes = [&] {
            std::uint64_t total = 0;
            std::size_t count = 0;
            for (const auto& item :
                 fs::recursive_directory_iterator(cache.path().toStdString() + "/archive-extract"))
                if (item.is_regular_file()) {
                    total += item.file_size();
                    ++count;
                }
            return std::make_pair(total, count);
        };
        std::vector<std::size_t> order(files.size());
        std::iota(order.begin(), order.end(), 0);
        std::vector<std::size_t> shuffled = order;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        order.insert(order.end(), shuffled.begin(), shuffled.end());
        for (std::size_t i : order) {
            QVERIFY(archive->readEntry(i) == files[i].second);
            QVERIFY(extractedBytes().first <= options.extractCacheBytes);
        }
        const auto [bytes, count] = extractedBytes();
        QVERIFY(count >= 1 && count <= 3);  // others were evicted
        QVERIFY(bytes > 0);

        // With room, one pass extracts the entry asked for and those after it.
        QTemporaryDir roomy;
        options.cacheDir = roomy.path().toStdString();
        options.extractCacheBytes = 10ull << 20;
        const auto again = openArchive(path, {}, options);
        QVERIFY(again->readEntry(2) == files[2].second);
        std::size_t extracted = 0;
        for (const auto& item :
             fs::recursive_directory_iterator(options.cacheDir + "/archive-extract"))
            extracted += item.is_regular_file() ? 1 : 0;
        QCOMPARE(extracted, files.size() - 2);  // entries 2 to 9
        QVERIFY(again->readEntry(9) == files[9].second);
    }

    void sharedArchivesAreOpenedOnce() {
        const std::string path = copyFixture("fam-0-3.zip");
        QTemporaryDir cache;
        ArchiveOptions defaults;
        defaults.cacheDir = cache.path().toStdString();
        setDefaultArchiveOptions(defaults);
        QCOMPARE(defaultArchiveOptions().cacheDir, defaults.cacheDir);
        const auto first = sharedArchive(path, {});
        QCOMPARE(sharedArchive(path, {}).get(), first.get());
        // Opened with the default options: its index went to their cache folder.
        QVERIFY(fs::exists(archiveIndexPath(defaults.cacheDir, fs::canonical(path).string())));
        setDefaultArchiveOptions({});
    }

    // Last: every archive above was opened from work_, the cache went to cache_.
    void archivesUntouchedAndNothingWrittenOutsideTheCache() {
        const std::string path = copyFixture("mixed-entries.tgz");
        const auto before = snapshot(work_.path().toStdString());
        const auto archive = openArchive(path, {}, options_);
        for (std::size_t i = 0; i < archive->entries().size(); ++i)
            archive->readEntry(i);
        QCOMPARE(snapshot(work_.path().toStdString()), before);
        QCOMPARE(sha256(readFile(path)), sha256(readFile(kFixtures + "mixed-entries.tgz")));
        for (const auto& [name, hash] : snapshot(cache_.path().toStdString()))
            QVERIFY2(name.rfind("archive-index/", 0) == 0 || name.rfind("archive-extract/", 0) == 0,
                     name.c_str());
    }
};

QTEST_APPLESS_MAIN(TestArchiveReader)
#include "TestArchiveReader.moc"
