// Atomic writes: the target holds the old content or the complete new one,
// and no temporary file is ever left behind.
#include <QtTest>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/io/AtomicFile.h"

using namespace modescape;
using namespace modescape::io;

namespace {

std::filesystem::path freshFolder(const std::string& name) {
    const auto dir = std::filesystem::path(MODESCAPE_TEST_OUTPUT_DIR) / "atomic" / name;
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::string contentOf(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

std::size_t entriesIn(const std::filesystem::path& dir) {
    std::size_t n = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir))
        ++n;
    return n;
}

}  // namespace

class TestAtomicFile : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void writesAndReplaces() {
        const auto dir = freshFolder("replace");
        const auto path = (dir / "result.csv").string();
        writeFileAtomically(path, [](std::ostream& out) { out << "a,b\n1,2\n"; });
        QCOMPARE(contentOf(path), std::string("a,b\n1,2\n"));
        writeFileAtomically(path, std::string("new"));
        QCOMPARE(contentOf(path), std::string("new"));
        QCOMPARE(entriesIn(dir), std::size_t{1});
    }

    void writesBinaryAndLargeBlocks() {
        const auto dir = freshFolder("binary");
        const auto path = (dir / "blob.bin").string();
        std::string bytes(3'000'001, '\0');
        for (std::size_t i = 0; i < bytes.size(); ++i)
            bytes[i] = static_cast<char>(i * 7 % 251);
        writeFileAtomically(path, [&](std::ostream& out) {
            out.put('\0');  // a small write before a large one goes through the buffer
            out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
            out << "end";
        });
        const std::string back = contentOf(path);
        QCOMPARE(back.size(), bytes.size() + 4);
        QCOMPARE(back.substr(1, bytes.size()), bytes);
        QCOMPARE(back.substr(back.size() - 3), std::string("end"));
    }

    void writerExceptionKeepsOldFile() {
        const auto dir = freshFolder("throw");
        const auto path = (dir / "result.json").string();
        writeFileAtomically(path, std::string("{\"old\": true}"));
        QVERIFY_THROWS_EXCEPTION(InvalidArgument, writeFileAtomically(path, [](std::ostream& out) {
                                     out << std::string(200'000, 'x');  // already partly written
                                     throw InvalidArgument("stop");
                                 }));
        QCOMPARE(contentOf(path), std::string("{\"old\": true}"));
        QCOMPARE(entriesIn(dir), std::size_t{1});  // the temporary file is gone
    }

    void failedStreamIsAnError() {
        const auto dir = freshFolder("badbit");
        const auto path = (dir / "out.txt").string();
        try {
            writeFileAtomically(path, [](std::ostream& out) { out.setstate(std::ios::badbit); });
            QFAIL("a failed stream must throw");
        } catch (const IoError& e) {
            QCOMPARE(e.path(), path);
        }
        QCOMPARE(entriesIn(dir), std::size_t{0});
    }

    void missingFolderNamesThePath() {
        const auto dir = freshFolder("missing");
        const auto path = (dir / "no" / "such" / "out.txt").string();
        try {
            writeFileAtomically(path, std::string("x"));
            QFAIL("a missing folder must throw");
        } catch (const IoError& e) {
            QCOMPARE(e.path(), path);
            QVERIFY2(std::string(e.what()).rfind(path + ": cannot create a temporary file", 0) == 0,
                     e.what());
        }
    }

    void targetIsAFolder() {
        const auto dir = freshFolder("folder");
        std::filesystem::create_directory(dir / "taken");
        const auto path = (dir / "taken").string();
        try {
            writeFileAtomically(path, std::string("x"));
            QFAIL("replacing a folder must throw");
        } catch (const IoError& e) {
            QVERIFY2(std::string(e.what()).find("cannot replace the file") != std::string::npos,
                     e.what());
        }
        QCOMPARE(entriesIn(dir), std::size_t{1});  // only the folder; no temporary left
        QVERIFY(std::filesystem::is_directory(dir / "taken"));
    }

    void temporaryFilesOfStoppedRunsAreRemoved() {
        const auto dir = freshFolder("stale");
        // 999999999 is above any pid_max: that process is certainly gone.
        const auto dead = dir / ".surface.h5.tmp-999999999-4-123";
        const auto alive = dir / (".surface.h5.tmp-" + std::to_string(::getpid()) + "-900-1");
        const auto other = dir / ".other.h5.tmp-999999999-0-1";
        for (const auto& f : {dead, alive, other})
            std::ofstream(f) << "partial";
        writeFileAtomically((dir / "surface.h5").string(), std::string("done"));
        QVERIFY(!std::filesystem::exists(dead));
        QVERIFY(std::filesystem::exists(alive));  // a write in progress in a live process
        QVERIFY(std::filesystem::exists(other));  // another file's
        QCOMPARE(contentOf(dir / "surface.h5"), std::string("done"));
    }

    void aSecondCtrlCRemovesTheTemporaryFileInProgress() {
        const auto dir = freshFolder("signal");
        const auto path = (dir / "result.csv").string();
        std::size_t during = 0, afterCleanup = 0;
        // What the CLI's handler does before _exit: here the write then fails.
        QVERIFY_THROWS_EXCEPTION(IoError, writeFileAtomically(path, [&](std::ostream& out) {
                                     out << "a,b\n";
                                     during = entriesIn(dir);
                                     removeTemporaryFilesInProgress();
                                     afterCleanup = entriesIn(dir);
                                 }));
        QCOMPARE(during, std::size_t{1});
        QCOMPARE(afterCleanup, std::size_t{0});
        QCOMPARE(entriesIn(dir), std::size_t{0});
        writeFileAtomically(path, std::string("ok"));  // the slot was freed
        QCOMPARE(contentOf(path), std::string("ok"));
    }
};

QTEST_APPLESS_MAIN(TestAtomicFile)
#include "TestAtomicFile.moc"
