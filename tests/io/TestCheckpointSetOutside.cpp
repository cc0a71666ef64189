// Members that lead outside the set folder (issue 22, item 2): a symlink to a
// foreign file, manifest paths with "../" or an absolute path, /proc/self/environ.
// They are left out unread with a reason naming the file or the manifest;
// nothing of a foreign file's content reaches any message; allowOutside
// includes them for one run.
#include <QtTest>

#include <QTemporaryDir>

#include <filesystem>
#include <string>

#include "core/common/Error.h"
#include "core/io/set/OpenSet.h"
#include "core/io/set/PathContainment.h"
#include "tests/io/TestCheckpointSetFixtures.h"

using namespace modescape;
using namespace modescape::io;
using modescape::test::writeMlp;
using modescape::test::writeText;

namespace fs = std::filesystem;

namespace {

const std::vector<std::int64_t> kWidths{2, 4, 3};
// The foreign file: its text, and its first bytes as OpenCheckpoint would print them.
const std::string kSecret = "SECRET-TOKEN=hunter2\n";
const std::string kSecretHex = "53 45 43 52";

struct Layout {
    std::string root, set, outside;
};

// root/outside/{secret.pt, good.safetensors}; root/set/{a,b}.safetensors and
// root/set/inner.safetensors -> a.safetensors (a link that stays inside).
Layout makeLayout(const QTemporaryDir& dir) {
    Layout l;
    l.root = fs::canonical(dir.path().toStdString()).string();
    l.set = l.root + "/set";
    l.outside = l.root + "/outside";
    writeText(l.outside + "/secret.pt", kSecret);
    writeMlp(l.outside + "/good.safetensors", kWidths);
    writeMlp(l.set + "/a.safetensors", kWidths);
    writeMlp(l.set + "/b.safetensors", kWidths);
    fs::create_symlink("a.safetensors", l.set + "/inner.safetensors");
    return l;
}

// Every text the set carries: warnings and reasons.
std::string allMessages(const CheckpointSet& set) {
    std::string text;
    for (const std::string& w : set.warnings)
        text += w + "\n";
    for (const ExcludedMember& e : set.excluded)
        text += e.reason + "\n";
    return text;
}

const ExcludedMember* excluded(const CheckpointSet& set, const std::string& name) {
    for (const ExcludedMember& e : set.excluded)
        if (e.name == name)
            return &e;
    return nullptr;
}

}  // namespace

class TestCheckpointSetOutside : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void resolvesInsideComparesWholeComponents() {
        QTemporaryDir dir;
        const std::string root = fs::canonical(dir.path().toStdString()).string();
        writeText(root + "/set/x.pt", "x");
        writeText(root + "/set2/y.pt", "y");
        fs::create_symlink("../set2/y.pt", root + "/set/link.pt");
        std::string resolved;
        QVERIFY(resolvesInside(root + "/set", root + "/set/x.pt", resolved));
        QCOMPARE(resolved, root + "/set/x.pt");
        QVERIFY(resolvesInside(root + "/set", root + "/set/sub/../x.pt", resolved) == false);
        fs::create_directories(root + "/set/sub");
        QVERIFY(resolvesInside(root + "/set", root + "/set/sub/../x.pt", resolved));
        // "/set2" starts with "/set" but is not inside it.
        QVERIFY(!resolvesInside(root + "/set", root + "/set2/y.pt", resolved));
        QVERIFY(!resolvesInside(root + "/set", root + "/set/link.pt", resolved));
        QCOMPARE(resolved, root + "/set2/y.pt");
        QVERIFY(!resolvesInside(root + "/set", root + "/set", resolved));  // the folder itself
        QVERIFY(!resolvesInside(root + "/set", "/proc/self/environ", resolved));
        fs::create_symlink("gone.pt", root + "/set/dangling.pt");
        QVERIFY(!resolvesInside(root + "/set", root + "/set/dangling.pt", resolved));
    }

    void scannedSymlinksToForeignFilesAreLeftOutUnread() {
        QTemporaryDir dir;
        const Layout l = makeLayout(dir);
        fs::create_symlink(l.outside + "/secret.pt", l.set + "/passwd.pt");
        fs::create_symlink("../outside/good.safetensors", l.set + "/link.safetensors");

        const CheckpointSet set = openCheckpointSet(l.set, JobContext{});
        QCOMPARE(set.members.size(), std::size_t(3));  // a, b, inner (a link inside)
        QCOMPARE(set.members[2].name, std::string("inner.safetensors"));
        QCOMPARE(set.excluded.size(), std::size_t(2));
        const ExcludedMember* passwd = excluded(set, "passwd.pt");
        QVERIFY(passwd && passwd->outsideSet);
        QCOMPARE(passwd->path, l.set + "/passwd.pt");
        QVERIFY2(passwd->reason.find("resolves to " + l.outside +
                                     "/secret.pt, outside the set "
                                     "folder, so it was not read") != std::string::npos,
                 passwd->reason.c_str());
        QVERIFY(passwd->reason.find("--allow-outside") != std::string::npos);
        const ExcludedMember* link = excluded(set, "link.safetensors");
        QVERIFY(link && link->outsideSet);
        // Each warning starts with the file it is about.
        QCOMPARE(set.warnings.size(), std::size_t(2));
        QVERIFY(set.warnings[0].rfind(l.set + "/", 0) == 0);
        const std::string messages = allMessages(set);
        QVERIFY(messages.find("SECRET") == std::string::npos);
        QVERIFY(messages.find(kSecretHex) == std::string::npos);
    }

    void allowOutsideReadsThemButNeverQuotesForeignBytes() {
        QTemporaryDir dir;
        const Layout l = makeLayout(dir);
        fs::create_symlink(l.outside + "/secret.pt", l.set + "/passwd.pt");
        fs::create_symlink("../outside/good.safetensors", l.set + "/link.safetensors");
        writeText(l.set + "/junk.pt", "JUNKJUNK");  // inside: its head may be quoted as hex

        OpenSetOptions options;
        options.allowOutside = true;
        const CheckpointSet set = openCheckpointSet(l.set, JobContext{}, options);
        QCOMPARE(set.members.size(), std::size_t(4));  // a, b, inner, link
        QVERIFY(set.findMember("link.safetensors"));
        QCOMPARE(set.excluded.size(), std::size_t(2));  // passwd.pt and junk.pt are no checkpoints
        const ExcludedMember* passwd = excluded(set, "passwd.pt");
        QVERIFY(passwd && !passwd->outsideSet);
        QVERIFY2(
            passwd->reason.find("not a checkpoint Modescape can read") != std::string::npos &&
                passwd->reason.find("the file starts with something else") != std::string::npos,
            passwd->reason.c_str());
        const std::string messages = allMessages(set);
        QVERIFY2(messages.find("SECRET") == std::string::npos, messages.c_str());
        QVERIFY2(messages.find(kSecretHex) == std::string::npos, messages.c_str());
        // A file inside the set keeps its first bytes, as hex only: "JUNKJUNK".
        const ExcludedMember* junk = excluded(set, "junk.pt");
        QVERIFY(junk &&
                junk->reason.find("starts with 4a 55 4e 4b 4a 55 4e 4b") != std::string::npos);
        QVERIFY(junk->reason.find("JUNK") == std::string::npos);
    }

    void manifestPathsLeavingTheSetAreLeftOutNamingTheManifest() {
        QTemporaryDir dir;
        const Layout l = makeLayout(dir);
        writeText(l.set + "/modescape.json",
                  R"({"members": ["a.safetensors", "b.safetensors",
                                  "../outside/good.safetensors",
                                  "../../../../../../../../../../)" +
                      l.outside.substr(1) + R"(/secret.pt",
                                  "/proc/self/environ",
                                  ")" +
                      l.outside + R"(/good.safetensors"]})");
        const CheckpointSet set = openCheckpointSet(l.set, JobContext{});
        QCOMPARE(set.members.size(), std::size_t(2));
        QCOMPARE(set.excluded.size(), std::size_t(4));
        for (const ExcludedMember& e : set.excluded)
            QVERIFY2(e.outsideSet, e.name.c_str());
        QCOMPARE(set.excluded[0].name, std::string("../outside/good.safetensors"));
        QCOMPARE(set.excluded[2].name, std::string("/proc/self/environ"));
        QCOMPARE(set.warnings.size(), std::size_t(4));
        QCOMPARE(set.warnings[0],
                 l.set +
                     "/modescape.json: lists ../outside/good.safetensors, left out of the set: "
                     "it resolves to " +
                     l.outside +
                     "/good.safetensors, outside the set "
                     "folder, so it was not read (to include it, allow files outside the set: "
                     "--allow-outside on the command line, or confirm when the window asks)");
        QVERIFY(set.warnings[2].find("lists /proc/self/environ") != std::string::npos);
        const std::string messages = allMessages(set);
        QVERIFY(messages.find("SECRET") == std::string::npos);
        QVERIFY(messages.find(kSecretHex) == std::string::npos);

        OpenSetOptions options;
        options.allowOutside = true;
        const CheckpointSet allowed = openCheckpointSet(l.set, JobContext{}, options);
        QCOMPARE(allowed.members.size(), std::size_t(4));  // a, b and good.safetensors twice
        QVERIFY(allowed.findMember("../outside/good.safetensors"));
        QVERIFY(allowed.findMember(l.outside + "/good.safetensors"));
        // secret.pt and environ are read (the user allowed it) but not quoted.
        QCOMPARE(allowed.excluded.size(), std::size_t(2));
        const ExcludedMember* environ = excluded(allowed, "/proc/self/environ");
        QVERIFY(environ && !environ->outsideSet);
        QVERIFY2(environ->reason.find("starts with something else") != std::string::npos ||
                     environ->reason.find("the file is empty") != std::string::npos,
                 environ->reason.c_str());
        const std::string allowedMessages = allMessages(allowed);
        QVERIFY(allowedMessages.find("SECRET") == std::string::npos);
        QVERIFY(allowedMessages.find(kSecretHex) == std::string::npos);
    }

    void aSetWhoseEveryMemberLiesOutsideSaysSo() {
        QTemporaryDir dir;
        const Layout l = makeLayout(dir);
        const std::string only = l.root + "/only";
        fs::create_directories(only);
        fs::create_symlink(l.outside + "/good.safetensors", only + "/good.safetensors");
        try {
            openCheckpointSet(only, JobContext{});
            QFAIL("expected MembersOutsideSet");
        } catch (const MembersOutsideSet& e) {
            const std::string message = e.what();
            QVERIFY2(message.rfind(only + ": none of its 1 checkpoint files could be read", 0) == 0,
                     message.c_str());
            QVERIFY(message.find("outside the set folder") != std::string::npos);
            QCOMPARE(e.excluded().size(), std::size_t(1));
            QVERIFY(e.excluded()[0].outsideSet);
        }
        OpenSetOptions options;
        options.allowOutside = true;
        QCOMPARE(openCheckpointSet(only, JobContext{}, options).members.size(), std::size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestCheckpointSetOutside)
#include "TestCheckpointSetOutside.moc"
