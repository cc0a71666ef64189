// Our zip reader for torch.save / TorchScript archives: legitimately
// compressed archives read like stored ones; a record that inflates out of
// proportion to the file (a zip bomb, real or declared) is refused before it
// is inflated, with the file and the record named.
#include <QtTest>

#include <ATen/ATen.h>
#include <chrono>
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
