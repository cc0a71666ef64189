// `modescape calibrate` arguments that are refused before any work, on the
// tests' small two-moons set: a bad --size exits 2, an unwritable --png
// exits 1 naming it. (The numbers against the GUI's table, and the diagram's
// pixels, are checked in tests/ui/TestCalibrationCli.cpp.)
#include <QtTest>

#include <QTemporaryDir>

#include "tests/common/MoonsSet.h"
#include "tests/common/RunModescape.h"

using modescape::test::Run;
using modescape::test::runModescape;

class TestCalibrateCommand : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        set_ = dir_.filePath("moons-set");
        modescape::test::writeMoonsSet(set_.toStdString());
    }

    void badImageOptionsExitTwo() {
        const Run badSize =
            runModescape({"calibrate", set_, "--png", "/tmp/x.png", "--size", "640by480"});
        QCOMPARE(badSize.code, 2);
        QVERIFY2(badSize.err.contains("WIDTHxHEIGHT"), qPrintable(badSize.err));
        const Run tiny = runModescape({"calibrate", set_, "--png", "/tmp/x.png", "--size", "8x8"});
        QCOMPARE(tiny.code, 2);
        const Run sizeAlone = runModescape({"calibrate", set_, "--size", "640x480"});
        QCOMPARE(sizeAlone.code, 2);
        QVERIFY2(sizeAlone.err.contains("--figure"),
                 qPrintable(sizeAlone.err));  // --png is its alias
    }

    void unwritablePngFailsWithItsName() {
        const Run r = runModescape(
            {"calibrate", set_, "--group", "g", "--png", "/proc/modescape/diagram.png"});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.err.contains("/proc/modescape/diagram.png"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestCalibrateCommand)
#include "TestCalibrateCommand.moc"
