// Damaged and hostile torch files (tests/fixtures/torch/bad, written by
// generate_torch_fixtures.py): each must give a FormatError whose message
// starts with the file's path, never a crash, and never run anything.
#include <QtTest>

#include <ATen/ATen.h>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/common/Error.h"
#include "core/io/torch/TorchCheckpoint.h"

using namespace modescape;
using namespace modescape::io;
namespace fs = std::filesystem;

namespace {

const std::string kDir = MODESCAPE_FIXTURES_DIR "/torch/";
const std::string kBad = kDir + "bad/";

// The FormatError message of opening path and reading every tensor ("" if none).
std::string openError(const std::string& path) {
    try {
        auto checkpoint = openTorchCheckpoint(path);
        for (const auto& t : checkpoint->tensors())
            checkpoint->read(t.name);
    } catch (const FormatError& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

std::string writeOutput(const std::string& name, const std::string& bytes) {
    const std::string path = std::string(MODESCAPE_TEST_OUTPUT_DIR) + "/torch-bad-" + name;
    std::ofstream(path, std::ios::binary) << bytes;
    return path;
}

}  // namespace

#define EXPECT_FORMAT_ERROR(path, problem)                                                \
    do {                                                                                  \
        const std::string message_ = openError(path);                                     \
        QVERIFY2(!message_.empty(), ("no FormatError for " + std::string(path)).c_str()); \
        QVERIFY2(message_.rfind(std::string(path) + ": ", 0) == 0, message_.c_str());     \
        QVERIFY2(contains(message_, problem), message_.c_str());                          \
        qInfo("%s", message_.c_str());                                                    \
    } while (false)

class TestTorchBadFiles : public QObject {
    Q_OBJECT

  private Q_SLOTS:
    void maliciousPicklesDoNotRun_data() {
        QTest::addColumn<QString>("stem");
        QTest::addColumn<QString>("marker");
        QTest::newRow("os.system") << "evil_os_system"
                                   << "/tmp/modescape-pwned-system";
        QTest::newRow("builtins.eval") << "evil_builtins_eval"
                                       << "/tmp/modescape-pwned-eval";
        QTest::newRow("subprocess.Popen") << "evil_subprocess_Popen"
                                          << "/tmp/modescape-pwned-Popen";
    }

    void maliciousPicklesDoNotRun() {
        QFETCH(QString, stem);
        QFETCH(QString, marker);
        fs::remove(marker.toStdString());
        // As data.pkl of a zip: the placeholder holds no tensors -> clean error.
        EXPECT_FORMAT_ERROR(kBad + stem.toStdString() + ".pt", "no tensors");
        // As a bare pickle: not a legacy checkpoint (no magic number) -> clean error.
        EXPECT_FORMAT_ERROR(kBad + stem.toStdString() + ".pkl", "magic number");
        QVERIFY(!fs::exists(marker.toStdString()));
    }

    void unknownOpcode() {
        EXPECT_FORMAT_ERROR(kBad + "unknown_opcode.pt", "opcode 0x00");
        EXPECT_FORMAT_ERROR(kBad + "unknown_opcode.pt", "byte offset 3");
    }

    void missingStorageRecord() { EXPECT_FORMAT_ERROR(kBad + "missing_storage.pt", "'data/1'"); }

    void storagesAreReadOnlyOnDemand() {
        // data/1 (the int64 tensor "long") holds 5 of its 32 bytes: opening
        // never touches storages, so only reading that tensor fails.
        const std::string path = kBad + "short_storage.pt";
        auto checkpoint = openTorchCheckpoint(path);
        QCOMPARE(checkpoint->tensors().size(), std::size_t(8));
        QCOMPARE(checkpoint->read("half").numel(), std::int64_t(4));
        try {
            checkpoint->read("long");
            QFAIL("reading a short storage must fail");
        } catch (const FormatError& e) {
            const std::string message = e.what();
            QVERIFY2(message.rfind(path + ": ", 0) == 0, e.what());
            QVERIFY2(contains(message, "tensor 'long' holds 5 bytes"), e.what());
        }
    }

    void truncatedCopies() {
        int count = 0;
        for (const auto& entry : fs::directory_iterator(kBad)) {
            const std::string path = entry.path().string();
            if (!contains(entry.path().filename().string(), "_cut"))
                continue;
            EXPECT_FORMAT_ERROR(path, "");
            ++count;
        }
        QCOMPARE(count, 12);
    }

    void everyPrefixOfRealFiles() {
        // Every cut point of a legacy file and of a zip: an error, never a crash or a hang.
        for (const char* file : {"state_dict_legacy.pt", "strided_views.pt"}) {
            const std::string bytes = readFile(kDir + file);
            for (std::size_t cut = 0; cut < bytes.size(); cut += (cut < 300 ? 1 : 5)) {
                const std::string path = writeOutput("prefix.pt", bytes.substr(0, cut));
                QVERIFY2(!openError(path).empty(),
                         (std::string(file) + " cut at " + std::to_string(cut)).c_str());
            }
        }
    }

    void corruptedLegacyBytes() {
        // Flip every byte of the legacy pickles: an error or a readable file, nothing else.
        const std::string bytes = readFile(kDir + "state_dict_legacy.pt");
        int errors = 0;
        for (std::size_t i = 0; i < 900; ++i) {
            std::string damaged = bytes;
            damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
            const std::string path = writeOutput("flip.pt", damaged);
            try {
                auto checkpoint = openTorchCheckpoint(path);
                for (const auto& t : checkpoint->tensors())
                    checkpoint->read(t.name);
            } catch (const FormatError& e) {
                QVERIFY2(std::string(e.what()).rfind(path + ": ", 0) == 0, e.what());
                ++errors;
            }
        }
        QVERIFY(errors > 100);
    }

    void notACheckpoint() {
        EXPECT_FORMAT_ERROR(writeOutput("empty.pt", ""), "empty");
        EXPECT_FORMAT_ERROR(writeOutput("text.pt", "hello, world"), "not a PyTorch checkpoint");
        QVERIFY_THROWS_EXCEPTION(IoError, openTorchCheckpoint(kBad + "does-not-exist.pt"));
        QVERIFY(!looksLikeTorchCheckpoint(kBad + "does-not-exist.pt"));
        QVERIFY(looksLikeTorchCheckpoint(kDir + "state_dict_legacy.pt"));
        QVERIFY(looksLikeTorchCheckpoint(kDir + "lightning.ckpt"));
    }
};

QTEST_APPLESS_MAIN(TestTorchBadFiles)
#include "TestTorchBadFiles.moc"
