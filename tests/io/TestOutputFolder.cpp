// Folder outputs: a user's folder is never replaced without --force, our own
// earlier output is, the swap is complete or not at all, and nothing is left
// beside the destination (no staging folder, no set-aside old content).
#include <QtTest>

#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "core/common/Error.h"
#include "core/io/OutputFolder.h"

using namespace modescape;
using namespace modescape::io;
namespace fs = std::filesystem;

namespace {

fs::path freshFolder(const std::string& name) {
    const auto dir = fs::path(MODESCAPE_TEST_OUTPUT_DIR) / "output-folder" / name;
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

void writeText(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
}

std::string contentOf(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
}

// Every name in dir, hidden ones included, sorted.
QStringList namesIn(const fs::path& dir) {
    QStringList names;
    for (const auto& e : fs::directory_iterator(dir))
        names << QString::fromStdString(e.path().filename().string());
    names.sort();
    return names;
}

// Writes one output of `kind` holding `file` with `text` into folder.
void writeOutput(const fs::path& folder, const std::string& kind, const std::string& file,
                 const std::string& text, ReplacePolicy policy = ReplacePolicy::OwnOutputOnly) {
    OutputFolder output(folder.string(), kind, policy);
    writeText(output.staging() / file, text);
    output.commit();
}

// What the refusal says, or "" when nothing was thrown.
QString refusalOf(const fs::path& folder, const std::string& kind) {
    try {
        OutputFolder output(folder.string(), kind);
    } catch (const OutputFolderRefused& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

}  // namespace

class TestOutputFolder : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void aMissingFolderIsCreatedWithTheMarker() {
        const auto parent = freshFolder("create");
        const auto folder = parent / "set";
        {
            OutputFolder output(folder.string(), kSymmetrySetOutput);
            QVERIFY(!fs::exists(folder));  // nothing appears before the commit
            QCOMPARE(output.staging().parent_path(), parent);
            fs::create_directories(output.staging() / "group");
            writeText(output.staging() / "group" / "m.safetensors", "weights");
            writeText(output.staging() / "modescape.json", "{}");
            output.commit();
        }
        QCOMPARE(namesIn(parent), QStringList({"set"}));
        QCOMPARE(namesIn(folder), QStringList({".modescape-output", "group", "modescape.json"}));
        QCOMPARE(contentOf(folder / "group" / "m.safetensors"), std::string("weights"));
        const auto marker = nlohmann::json::parse(contentOf(folder / kOutputMarkerFile));
        QCOMPARE(marker["kind"].get<std::string>(), std::string("symmetry-set"));
        QCOMPARE(marker["entries"], nlohmann::json::array({"group", "modescape.json"}));
    }

    void aUserFolderIsRefusedAndUntouched() {
        const auto parent = freshFolder("foreign");
        const auto folder = parent / "thesis";
        fs::create_directories(folder / "figures");
        writeText(folder / "draft.tex", "chapter 1");
        const QString message = refusalOf(folder, kCheckpointSetOutput);
        QVERIFY2(message.contains(QString::fromStdString(folder.string())), qPrintable(message));
        QVERIFY2(message.contains("draft.tex"), qPrintable(message));
        QVERIFY2(message.contains("--force"), qPrintable(message));
        QVERIFY2(message.contains("another folder"), qPrintable(message));
        QCOMPARE(contentOf(folder / "draft.tex"), std::string("chapter 1"));
        QCOMPARE(namesIn(folder), QStringList({"draft.tex", "figures"}));
        QCOMPARE(namesIn(parent), QStringList({"thesis"}));  // no staging folder left
        QVERIFY_THROWS_EXCEPTION(OutputFolderRefused,
                                 checkOutputFolder(folder.string(), kCheckpointSetOutput));
    }

    void ourOwnEarlierOutputIsReplaced() {
        const auto parent = freshFolder("own");
        const auto folder = parent / "curve";
        writeOutput(folder, kCurveOutput, "old.json", "old");
        writeOutput(folder, kCurveOutput, "new.json", "new");
        QCOMPARE(namesIn(folder), QStringList({".modescape-output", "new.json"}));
        QCOMPARE(contentOf(folder / "new.json"), std::string("new"));
        QCOMPARE(namesIn(parent), QStringList({"curve"}));
    }

    void anEmptyFolderIsUsed() {
        const auto parent = freshFolder("empty");
        fs::create_directory(parent / "out");
        writeOutput(parent / "out", kCurveOutput, "curve.json", "c");
        QCOMPARE(contentOf(parent / "out" / "curve.json"), std::string("c"));
        QCOMPARE(namesIn(parent), QStringList({"out"}));
    }

    void anOutputOfAnotherKindIsRefused() {
        const auto folder = freshFolder("kind") / "out";
        writeOutput(folder, kCurveOutput, "curve.json", "c");
        const QString message = refusalOf(folder, kSymmetrySetOutput);
        QVERIFY2(message.contains("saved curve"), qPrintable(message));
        QCOMPARE(contentOf(folder / "curve.json"), std::string("c"));
    }

    void aFileAddedToOurOutputIsProtected() {
        const auto folder = freshFolder("added") / "set";
        writeOutput(folder, kSymmetrySetOutput, "modescape.json", "{}");
        writeText(folder / "notes.txt", "my notes");
        const QString message = refusalOf(folder, kSymmetrySetOutput);
        QVERIFY2(message.contains("notes.txt"), qPrintable(message));
        QCOMPARE(contentOf(folder / "notes.txt"), std::string("my notes"));
    }

    void aMalformedMarkerIsNotOurs() {
        const auto folder = freshFolder("malformed") / "set";
        fs::create_directories(folder);
        writeText(folder / kOutputMarkerFile, "{\"kind\": \"symmetry-set\"");
        writeText(folder / "data.csv", "1,2");
        QVERIFY(!refusalOf(folder, kSymmetrySetOutput).isEmpty());
    }

    void forceReplacesAForeignFolderCompletely() {
        const auto parent = freshFolder("force");
        const auto folder = parent / "thesis";
        fs::create_directories(folder / "figures");
        writeText(folder / "draft.tex", "chapter 1");
        writeText(folder / "figures" / "a.png", "png");
        writeOutput(folder, kCheckpointSetOutput, "modescape.json", "manifest",
                    ReplacePolicy::Anything);
        QCOMPARE(namesIn(folder), QStringList({".modescape-output", "modescape.json"}));
        QCOMPARE(contentOf(folder / "modescape.json"), std::string("manifest"));
        QCOMPARE(namesIn(parent), QStringList({"thesis"}));  // the old content is gone
    }

    void aFolderFilledDuringTheWorkIsKept() {
        const auto parent = freshFolder("raced");
        const auto folder = parent / "out";
        {
            OutputFolder output(folder.string(), kSymmetrySetOutput);
            writeText(output.staging() / "modescape.json", "{}");
            // Meanwhile the user saves a file there.
            fs::create_directories(folder);
            writeText(folder / "draft.tex", "chapter 2");
            QVERIFY_THROWS_EXCEPTION(OutputFolderRefused, output.commit());
        }
        QCOMPARE(namesIn(folder), QStringList({"draft.tex"}));
        QCOMPARE(contentOf(folder / "draft.tex"), std::string("chapter 2"));
        QCOMPARE(namesIn(parent), QStringList({"out"}));
    }

    void anUnfinishedOutputLeavesNothing() {
        const auto parent = freshFolder("unfinished");
        writeOutput(parent / "set", kSymmetrySetOutput, "a.txt", "kept");
        try {
            OutputFolder output((parent / "set").string(), kSymmetrySetOutput);
            fs::create_directories(output.staging() / "group");
            writeText(output.staging() / "group" / "m.safetensors", "half");
            throw Cancelled();  // a job cancelled before the commit
        } catch (const Cancelled&) {
        }
        QCOMPARE(namesIn(parent), QStringList({"set"}));
        QCOMPARE(contentOf(parent / "set" / "a.txt"), std::string("kept"));
        try {
            OutputFolder output((parent / "new").string(), kSymmetrySetOutput);
            throw Cancelled();
        } catch (const Cancelled&) {
        }
        QCOMPARE(namesIn(parent), QStringList({"set"}));
    }

    void leftoversOfStoppedRunsAreRemoved() {
        const auto parent = freshFolder("leftovers");
        // 999999999 is above any pid_max: that run is certainly gone.
        const auto dead = parent / ".set.modescape-partial-999999999-0";
        const auto deadOld = parent / ".set.modescape-old-999999999-3";
        const auto alive =
            parent / (".set.modescape-partial-" + std::to_string(::getpid()) + "-77");
        const auto other = parent / ".other.modescape-partial-999999999-0";
        // The destination holds a newer output, so the set-aside old one is
        // stale (aFailedSecondRenameKeepsTheOldSet: without one it comes back).
        writeOutput(parent / "set", kCheckpointSetOutput, "modescape.json", "{}");
        for (const auto& f : {dead, deadOld, alive, other}) {
            fs::create_directories(f);
            writeText(f / "m.safetensors", "x");
        }
        writeOutput(parent / "set", kCheckpointSetOutput, "modescape.json", "{}");
        QVERIFY(!fs::exists(dead));
        QVERIFY(!fs::exists(deadOld));
        QVERIFY(fs::exists(alive));  // a run in progress (here: this process) keeps its folder
        QVERIFY(fs::exists(other));  // another destination's
        fs::remove_all(alive);
    }

    void badLocationsAreReportedWithTheirName() {
        const auto parent = freshFolder("bad");
        writeText(parent / "file.txt", "text");
        const auto expectIoError = [](const fs::path& folder, const QString& says) {
            try {
                checkOutputFolder(folder.string(), kCurveOutput);
            } catch (const OutputFolderRefused& e) {
                QFAIL(e.what());
            } catch (const IoError& e) {
                const QString message = QString::fromUtf8(e.what());
                QVERIFY2(message.contains(QString::fromStdString(folder.string())),
                         qPrintable(message));
                QVERIFY2(message.contains(says), qPrintable(message));
                return;
            }
            QFAIL(qPrintable("no error for " + QString::fromStdString(folder.string())));
        };
        expectIoError(parent / "missing" / "curve", "does not exist");
        expectIoError(parent / "file.txt" / "curve", "is not a folder");
        expectIoError(parent / "file.txt", "is a file");
        expectIoError("/proc/modescape-curve", "cannot write");
        QVERIFY_THROWS_EXCEPTION(IoError,
                                 OutputFolder((parent / "missing" / "c").string(), kCurveOutput));
        QCOMPARE(namesIn(parent), QStringList({"file.txt"}));
        checkOutputFolder("", kCurveOutput);  // not requested: nothing to check
    }

    void theTwoRenameFallbackSwapsAndRestores() {
        const auto parent = freshFolder("fallback");
        fs::create_directories(parent / "out");
        writeText(parent / "out" / "old.txt", "old");
        fs::create_directories(parent / "new");
        writeText(parent / "new" / "new.txt", "new");
        const fs::path old =
            detail::swapIntoPlace(parent / "new", parent / "out", detail::SwapMethod::TwoRenames);
        QCOMPARE(contentOf(parent / "out" / "new.txt"), std::string("new"));
        QCOMPARE(contentOf(old / "old.txt"), std::string("old"));
        QVERIFY(!fs::exists(parent / "new"));

        // The staging folder vanished: the old content goes back where it was.
        QVERIFY_THROWS_EXCEPTION(IoError, detail::swapIntoPlace(parent / "gone", parent / "out",
                                                                detail::SwapMethod::TwoRenames));
        QCOMPARE(contentOf(parent / "out" / "new.txt"), std::string("new"));
        fs::remove_all(old);
        QCOMPARE(namesIn(parent), QStringList({"out"}));
    }

    // The fallback's second rename fails (a full directory table, a file system
    // that went read-only): the old set goes back; when even that fails it is
    // kept beside, named in the message, and the next write moves it back.
    void aFailedSecondRenameKeepsTheOldSet() {
        const auto parent = freshFolder("second-rename");
        writeOutput(parent / "set", kCheckpointSetOutput, "modescape.json", "old");
        fs::create_directories(parent / "new");
        writeText(parent / "new" / "modescape.json", "new");
        // Fails the calls numbered in failing (from 1) with EIO, renames otherwise.
        int calls = 0;
        const auto failingOn = [&](std::set<int> failing) {
            calls = 0;
            return detail::RenameFunction([&calls, failing](const char* from, const char* to) {
                if (failing.count(++calls)) {
                    errno = EIO;
                    return -1;
                }
                return ::rename(from, to);
            });
        };
        const auto messageOf = [&](const detail::RenameFunction& rename) {
            try {
                detail::swapIntoPlace(parent / "new", parent / "set",
                                      detail::SwapMethod::TwoRenames, rename);
            } catch (const IoError& e) {
                return QString::fromUtf8(e.what());
            }
            return QString();
        };

        // Second rename fails, the restore works: the old set is back in place.
        QString message = messageOf(failingOn({2}));
        QCOMPARE(calls, 3);  // aside, in (failed), back
        QVERIFY2(message.contains("the earlier content is unchanged"), qPrintable(message));
        QCOMPARE(contentOf(parent / "set" / "modescape.json"), std::string("old"));
        QCOMPARE(contentOf(parent / "new" / "modescape.json"), std::string("new"));
        QCOMPARE(namesIn(parent), QStringList({"new", "set"}));

        // The restore fails too: the old set is kept beside and named.
        message = messageOf(failingOn({2, 3}));
        QCOMPARE(calls, 3);
        QStringList names = namesIn(parent);
        QCOMPARE(names.size(), 2);
        QCOMPARE(names[1], QString("new"));
        const QString aside = names[0];
        QVERIFY2(aside.startsWith(".set.modescape-old-"), qPrintable(aside));
        QVERIFY2(message.contains(aside) && message.contains("moves it back"), qPrintable(message));
        QCOMPARE(contentOf(parent / aside.toStdString() / "modescape.json"), std::string("old"));

        // The next write (here: as if by a later run, the set-aside folder
        // renamed to a pid no process has) first moves the old set back, then
        // replaces it as usual; an old set is never deleted while no newer one
        // is in place.
        fs::rename(parent / aside.toStdString(), parent / ".set.modescape-old-999999999-0");
        {
            OutputFolder output((parent / "set").string(), kCheckpointSetOutput);
            QCOMPARE(contentOf(parent / "set" / "modescape.json"), std::string("old"));
            writeText(output.staging() / "modescape.json", "newer");
            output.commit();
        }
        QCOMPARE(contentOf(parent / "set" / "modescape.json"), std::string("newer"));
        fs::remove_all(parent / "new");
        QCOMPARE(namesIn(parent), QStringList({"set"}));
    }

    void aLinkToAFolderIsFollowed() {
        const auto parent = freshFolder("link");
        writeOutput(parent / "real", kCurveOutput, "curve.json", "old");
        fs::create_directory_symlink(parent / "real", parent / "link");
        writeOutput(parent / "link", kCurveOutput, "curve.json", "new");
        QVERIFY(fs::is_symlink(parent / "link"));
        QCOMPARE(contentOf(parent / "real" / "curve.json"), std::string("new"));
        QCOMPARE(namesIn(parent), QStringList({"link", "real"}));
    }
};

QTEST_APPLESS_MAIN(TestOutputFolder)
#include "TestOutputFolder.moc"
