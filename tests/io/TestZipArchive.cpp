// Our zip reader for torch.save / TorchScript archives: legitimately
// compressed archives read like stored ones; a record that inflates out of
// proportion to the file (a zip bomb, real or declared) is refused before it
// is inflated, with the file and the record named.
#include <QtTest>

#include <ATen/ATen.h>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/io/torch/TorchCheckpoint.h"
#include "core/io/torch/ZipArchive.h"

using namespace modescape;
using namespace modescape::io;

namespace {
const std::string kDir = MODESCAPE_FIXTURES_DIR "/torch/";
const std::string kOut = MODESCAPE_TEST_OUTPUT_DIR "/zip-archive/";

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), {}};
}

std::string writeOutput(const std::string& name, const std::string& bytes) {
    std::filesystem::create_directories(kOut);
    std::ofstream(kOut + name, std::ios::binary) << bytes;
    return kOut + name;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

// CRC-32 (ISO-HDLC, the zip one) bit by bit, from its definition.
std::uint32_t crc32Of(const std::string& data) {
    std::uint32_t crc = 0xFFFFFFFFu;
    for (const char ch : data) {
        crc ^= static_cast<unsigned char>(ch);
        for (int k = 0; k < 8; ++k)
            crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1u)));
    }
    return ~crc;
}

void putLe(std::string& out, std::uint64_t v, int bytes) {
    for (int i = 0; i < bytes; ++i)
        out += static_cast<char>((v >> (8 * i)) & 0xFF);
}

// A zip archive of stored records inside folder "big/", as torch.save writes them.
std::string storedZip(const std::vector<std::pair<std::string, std::string>>& records) {
    std::string out, directory;
    for (const auto& [name, data] : records) {
        const std::string full = "big/" + name;
        const std::uint64_t offset = out.size();
        const std::uint32_t crc = crc32Of(data);
        putLe(out, 0x04034b50, 4);
        putLe(out, 20, 2), putLe(out, 0, 2), putLe(out, 0, 2), putLe(out, 0, 4);
        putLe(out, crc, 4), putLe(out, data.size(), 4), putLe(out, data.size(), 4);
        putLe(out, full.size(), 2), putLe(out, 0, 2);
        out += full + data;
        putLe(directory, 0x02014b50, 4);
        putLe(directory, 20, 2), putLe(directory, 20, 2), putLe(directory, 0, 2);
        putLe(directory, 0, 2), putLe(directory, 0, 4);
        putLe(directory, crc, 4), putLe(directory, data.size(), 4);
        putLe(directory, data.size(), 4), putLe(directory, full.size(), 2);
        putLe(directory, 0, 2), putLe(directory, 0, 2), putLe(directory, 0, 2);
        putLe(directory, 0, 2), putLe(directory, 0, 4), putLe(directory, offset, 4);
        directory += full;
    }
    const std::uint64_t directoryOffset = out.size();
    out += directory;
    putLe(out, 0x06054b50, 4), putLe(out, 0, 2), putLe(out, 0, 2);
    putLe(out, records.size(), 2), putLe(out, records.size(), 2);
    putLe(out, directory.size(), 4), putLe(out, directoryOffset, 4), putLe(out, 0, 2);
    return out;
}

std::string patternBytes(std::size_t size, std::uint32_t seed) {
    std::string out(size, '\0');
    for (std::size_t i = 0; i < size; ++i) {
        seed = seed * 1664525u + 1013904223u;
        out[i] = static_cast<char>(seed >> 24);
    }
    return out;
}
}  // namespace

class TestZipArchive : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void deflatedArchiveReadsLikeStored() {
        auto compressed = openTorchCheckpoint(kDir + "compressed.pt");
        auto stored = openTorchCheckpoint(kDir + "dtypes.pt");
        QCOMPARE(compressed->tensors().size(), stored->tensors().size());
        for (const auto& t : stored->tensors())
            QVERIFY2(at::equal(compressed->read(t.name), stored->read(t.name)), t.name.c_str());
    }

    void recordsAreNamedInsideTheArchiveFolder() {
        torchfile::ZipArchive zip(kDir + "scripted.pt");
        QCOMPARE(zip.folder(), std::string("scripted"));
        QVERIFY(zip.has("data.pkl"));
        QVERIFY(zip.has("constants.pkl"));
        QVERIFY(zip.has("code/__torch__.py"));
        QCOMPARE(zip.recordSize("data/0"), std::uint64_t(432));
        QCOMPARE(zip.read("version")->size(), std::size_t(2));
    }

    // 68 MiB of zeros deflated into a 70 KB file: the header opens, the
    // record is refused before anything is inflated.
    void zipBombIsRefused() {
        const std::string path = kDir + "bad/zip_bomb.pt";
        auto checkpoint = openTorchCheckpoint(path);
        QCOMPARE(checkpoint->read("b").numel(), std::int64_t(3));
        try {
            checkpoint->read("w");
            QFAIL("a zip bomb must be refused");
        } catch (const FormatError& e) {
            const std::string message = e.what();
            QVERIFY2(message.rfind(path + ": ", 0) == 0, e.what());
            QVERIFY2(contains(message, "record 'data/0'") && contains(message, "zip bomb"),
                     e.what());
        }
    }

    // A directory that declares a 3.75 GiB data.pkl: refused on open, not allocated.
    void declaredHugeRecordIsRefused() {
        std::string bytes = readFile(kDir + "compressed.pt");
        bool patched = false;
        for (std::size_t at = bytes.find("PK\x01\x02"); at != std::string::npos;
             at = bytes.find("PK\x01\x02", at + 4)) {
            const std::size_t nameLength = static_cast<unsigned char>(bytes[at + 28]) |
                                           static_cast<unsigned char>(bytes[at + 29]) << 8;
            if (bytes.compare(at + 46, nameLength, "dtypes/data.pkl") == 0) {
                bytes.replace(at + 24, 4, std::string("\x00\x00\x00\xf0", 4));
                patched = true;
            }
        }
        QVERIFY(patched);
        const std::string path = writeOutput("declared_bomb.pt", bytes);
        try {
            openTorchCheckpoint(path);
            QFAIL("a record declaring gigabytes in a small file must be refused");
        } catch (const FormatError& e) {
            const std::string message = e.what();
            QVERIFY2(message.rfind(path + ": ", 0) == 0, e.what());
            QVERIFY2(contains(message, "record 'data.pkl'") && contains(message, "3840 MiB"),
                     e.what());
        }
    }

    // Large stored records (a member's weights) are read into reused buffers
    // (readBytes): the same bytes as read(), a buffer handed out again holds
    // the new record only, and a damaged or truncated record still fails
    // with the file and the record named.
    void largeStoredRecordsReadIntoReusedBuffers() {
        const std::string a = patternBytes(3u << 20, 1), b = patternBytes(3u << 20, 2);
        const std::string pathA = writeOutput("big-a.pt", storedZip({{"data/0", a}, {"x", "hi"}}));
        const std::string pathB = writeOutput("big-b.pt", storedZip({{"data/0", b}}));
        for (int round = 0; round < 2; ++round) {
            for (const auto& [path, expected] : {std::pair{pathA, a}, std::pair{pathB, b}}) {
                const torchfile::ZipArchive zip(path);
                const torchfile::ZipArchive::Bytes bytes = zip.readBytes("data/0");
                QCOMPARE(bytes.size, expected.size());
                QVERIFY(std::memcmp(bytes.data, expected.data(), expected.size()) == 0);
                QCOMPARE(*zip.read("data/0"), expected);
            }
        }
        const torchfile::ZipArchive small(pathA);
        const torchfile::ZipArchive::Bytes hi = small.readBytes("x");  // small: as read()
        QCOMPARE(std::string(reinterpret_cast<const char*>(hi.data), hi.size), std::string("hi"));

        std::string damaged = storedZip({{"data/0", a}});
        damaged[damaged.find("big/data/0") + 10 + 1000000] ^= 0x10;
        const std::string pathDamaged = writeOutput("big-damaged.pt", damaged);
        try {
            torchfile::ZipArchive(pathDamaged).readBytes("data/0");
            QFAIL("a damaged record was read");
        } catch (const FormatError& e) {
            QVERIFY2(contains(e.what(), pathDamaged) && contains(e.what(), "record 'data/0'") &&
                         contains(e.what(), "CRC"),
                     e.what());
        }
        // A megabyte cut out of the record: the directory still reads, the record does not.
        std::string cut = storedZip({{"data/0", a}});
        cut.erase(cut.find("big/data/0") + 10 + 4096, 1u << 20);
        const std::string pathCut = writeOutput("big-cut.pt", cut);
        try {
            torchfile::ZipArchive(pathCut).readBytes("data/0");
            QFAIL("a truncated record was read");
        } catch (const FormatError& e) {
            QVERIFY2(contains(e.what(), pathCut) && contains(e.what(), "truncated"), e.what());
        }
    }

    void damagedRecordFailsItsCrc() {
        std::string bytes = readFile(kDir + "state_dict_zip.pt");
        // The first storage record's data follows its local header; flip a byte in it.
        const std::size_t at = bytes.find("state_dict_zip/data/0");
        QVERIFY(at != std::string::npos);
        std::size_t header = bytes.rfind("PK\x03\x04", at);
        const std::size_t data = header + 30 +
                                 (static_cast<unsigned char>(bytes[header + 26]) |
                                  static_cast<unsigned char>(bytes[header + 27]) << 8) +
                                 (static_cast<unsigned char>(bytes[header + 28]) |
                                  static_cast<unsigned char>(bytes[header + 29]) << 8);
        const std::string good = bytes;
        bytes[data] = static_cast<char>(bytes[data] ^ 0x40);
        const std::string path = writeOutput("crc.pt", bytes);
        auto checkpoint = openTorchCheckpoint(path);
        QVERIFY_THROWS_EXCEPTION(FormatError, checkpoint->read("conv1.weight"));

        // A record is CRC-checked once per process and file version: the
        // intact file reads (twice: the second time from the checked list);
        // damaged in place, same size, with another modification time, it
        // is checked again and refused.
        const std::string again = writeOutput("crc-again.pt", good);
        QVERIFY(openTorchCheckpoint(again)->read("conv1.weight").defined());
        QVERIFY(openTorchCheckpoint(again)->read("conv1.weight").defined());
        const auto before = std::filesystem::last_write_time(again);
        writeOutput("crc-again.pt", bytes);
        std::filesystem::last_write_time(again, before + std::chrono::seconds(5));
        QVERIFY_THROWS_EXCEPTION(FormatError, openTorchCheckpoint(again)->read("conv1.weight"));
    }
};

QTEST_APPLESS_MAIN(TestZipArchive)
#include "TestZipArchive.moc"
