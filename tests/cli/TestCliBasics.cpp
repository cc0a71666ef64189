// The command line's contract: versions, help, and exit code 2 for bad usage.
#include <QtTest>

#include "tests/common/RunModescape.h"

using modescape::test::Run;
using modescape::test::runModescape;

class TestCliBasics : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void versionExitsZero() {
        const Run r = runModescape({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("modescape 0."), qPrintable(r.out));
        QVERIFY(r.out.contains("LibTorch"));
    }
    void helpListsSubcommands() {
        const Run r = runModescape({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("gui"));
    }
    void unknownSubcommandExitsTwo() {
        const Run r = runModescape({"frobnicate"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("error:") && r.err.contains("frobnicate"), qPrintable(r.err));
    }
    void unknownOptionExitsTwo() {
        const Run r = runModescape({"--no-such-option"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("--no-such-option"), qPrintable(r.err));
    }
    void guiOnMissingFolderExitsTwo() {
        const Run r = runModescape({"gui", "/no/such/folder"});
        QCOMPARE(r.code, 2);
        QVERIFY2(r.err.contains("/no/such/folder"), qPrintable(r.err));
    }
};

QTEST_APPLESS_MAIN(TestCliBasics)
#include "TestCliBasics.moc"
