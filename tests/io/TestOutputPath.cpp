// The check of a file output made before any work: the folder must exist and
// take a new file, the path must not be a folder; nothing is left behind.
#include <QtTest>

#include <filesystem>
#include <fstream>

#include "core/common/Error.h"
#include "core/io/OutputPath.h"

using namespace modescape;
using namespace modescape::io;
namespace fs = std::filesystem;

namespace {

fs::path freshFolder(const std::string& name) {
    const auto dir = fs::path(MODESCAPE_TEST_OUTPUT_DIR) / "output-path" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

// The message of the IoError that checkOutputFile throws for path, or "".
QString problemOf(const fs::path& path) {
    try {
        checkOutputFile(path.string());
    } catch (const IoError& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestOutputPath : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void aWritableLocationPassesAndStaysClean() {
        const auto dir = freshFolder("ok");
        QCOMPARE(problemOf(dir / "surface.h5"), QString());
        std::ofstream(dir / "old.csv") << "1,2\n";
        QCOMPARE(problemOf(dir / "old.csv"), QString());  // replaced later, atomically
        std::size_t entries = 0;
        for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir))
            ++entries;
        QCOMPARE(entries, std::size_t{1});  // the probe file is gone
        checkOutputFile("");                // not requested: nothing to check
    }

    void badLocationsNameThePathAndTheProblem() {
        const auto dir = freshFolder("bad");
        std::ofstream(dir / "file.txt") << "text";
        fs::create_directory(dir / "folder");
        const struct {
            fs::path path;
            const char* says;
        } cases[] = {
            {dir / "missing" / "surface.h5", "does not exist"},
            {dir / "file.txt" / "surface.h5", "is not a folder"},
            {dir / "folder", "is a folder"},
            {"/proc/modescape-surface.h5", "cannot write"},  // refused even to root
        };
        for (const auto& c : cases) {
            const QString message = problemOf(c.path);
            QVERIFY2(message.startsWith(QString::fromStdString(c.path.string()) + ": "),
                     qPrintable(message));
            QVERIFY2(message.contains(c.says), qPrintable(message));
        }
        QVERIFY(!fs::exists(dir / "missing"));  // a check creates nothing
    }
};

QTEST_APPLESS_MAIN(TestOutputPath)
#include "TestOutputPath.moc"
