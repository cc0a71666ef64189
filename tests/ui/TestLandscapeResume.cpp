// Resuming a partly computed landscape in the GUI: the page opens a surface
// file with some rows missing and Compute fills in exactly those rows. The
// rows already there hold values no computation gives, so a page that
// recomputed them would be caught; the missing rows must equal a full run.
// A file that cannot be continued (its inputs changed, or its own settings
// differ from the values it records) is said so once, and the next Compute,
// with the settings untouched, computes the whole surface afresh. A complete
// surface comes back from the result cache on a new page, with no job.
#include <QtTest>

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTemporaryDir>

#include <cmath>
#include <set>

#include "core/analysis/SetWorkspace.h"
#include "core/landscape/LandscapeFiles.h"
#include "tests/common/EventWait.h"
#include "tests/common/ResultCacheOn.h"
#include "tests/ui/SmallMlpSet.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/views/landscape/LandscapePage.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::drainPostedEvents;
using modescape::test::waitForSignals;

namespace {

constexpr int kSide = 11;  // grid points per axis

// The plane through the three members on a kSide x kSide grid.
void chooseSlice(LandscapePage& page, const io::CheckpointSet& set) {
    for (const char* count : {"landscape.grid.x-count", "landscape.grid.y-count"})
        page.form()->findChild<QSpinBox*>(count)->setValue(kSide);
    page.form()->findChild<QComboBox*>("landscape.directions")->setCurrentText("plane");
    QStringList anchors;
    for (const auto& member : set.members)
        anchors << QString::fromStdString(member.name);
    page.setSelection(anchors);
}

// Every point of `partial` whose row is in `missingRows` NaN (not computed),
// every other one 1000 + its index, a loss no member gives on these data.
landscape::LandscapeResult withRowsMissing(landscape::LandscapeResult partial,
                                           const std::set<int>& missingRows) {
    for (int iy = 0; iy < kSide; ++iy)
        for (int ix = 0; ix < kSide; ++ix) {
            const std::size_t k = static_cast<std::size_t>(iy * kSide + ix);
            if (missingRows.count(iy)) {
                partial.loss[k] = partial.accuracy[k] = std::nan("");
                partial.computed[k] = 0;
            } else {
                partial.loss[k] = 1000.0 + static_cast<double>(k);
            }
        }
    return partial;
}

// A surface that cannot be continued, opened and computed twice: the first
// Compute says why and keeps the file's points shown; the second computes the
// whole surface again, equal to `complete`.
void checkStartsAfreshAfterOneRefusal(const landscape::LandscapeResult& unresumable,
                                      const landscape::LandscapeResult& complete,
                                      const std::shared_ptr<analysis::SetWorkspace>& workspace,
                                      const io::CheckpointSet& set, JobRunner& runner,
                                      const QString& file, const QString& expectedReason) {
    landscape::writeSurface(file.toStdString(), unresumable);
    LandscapePage page(&runner, workspace);
    chooseSlice(page, set);
    QVERIFY(page.openSurfaceFile(file));
    const auto* status = page.findChild<QLabel*>("landscape.status");
    QVERIFY(status);
    QSignalSpy done(&page, &LandscapePage::computeFinished);
    QVERIFY(page.compute() != 0);
    waitForSignals(done);
    QCOMPARE(done.takeFirst().first().toBool(), false);
    QVERIFY2(status->text().startsWith("Cannot continue the shown result") &&
                 status->text().contains(expectedReason) &&
                 status->text().contains("Compute again to start afresh"),
             qPrintable(status->text()));
    QCOMPARE(page.surface().computedPoints(), unresumable.computedPoints());  // still shown

    // The same settings, untouched: a fresh computation of every point.
    QVERIFY(page.compute() != 0);
    waitForSignals(done);
    QVERIFY2(done.takeFirst().first().toBool(), qPrintable(status->text()));
    QVERIFY(drainPostedEvents());
    const auto& fresh = page.surface();
    QCOMPARE(fresh.pointsComputedLastRun, std::int64_t(kSide * kSide));
    QCOMPARE(fresh.computedPoints(), std::int64_t(kSide * kSide));
    for (std::size_t k = 0; k < fresh.loss.size(); ++k) {
        // Two full runs of the same batches: equal to float32 rounding (see above).
        QVERIFY2(
            std::abs(fresh.loss[k] - complete.loss[k]) < 1e-6,
            qPrintable(
                QString("point %1: %2 vs %3").arg(k).arg(fresh.loss[k]).arg(complete.loss[k])));
    }
}

}  // namespace

class TestLandscapeResume : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void resumeComputesOnlyTheMissingRows() {
        QTemporaryDir dir;
        const auto set = test::writeSmallMlpSet(dir.filePath("set"));
        JobRunner runner;
        const auto workspace = std::make_shared<analysis::SetWorkspace>(*set);

        // The full surface, as the reference for the missing rows.
        LandscapePage first(&runner, workspace);
        chooseSlice(first, *set);
        QSignalSpy firstDone(&first, &LandscapePage::computeFinished);
        QVERIFY(first.compute() != 0);
        waitForSignals(firstDone);
        QVERIFY(firstDone.first().first().toBool());
        const landscape::LandscapeResult complete = first.surface();
        QCOMPARE(complete.computedPoints(), std::int64_t(kSide * kSide));

        // A file whose rows 2, 5 and 6 are missing.
        const std::set<int> missingRows{2, 5, 6};
        const auto partial = withRowsMissing(complete, missingRows);
        const QString file = dir.filePath("partial.h5");
        landscape::writeSurface(file.toStdString(), partial);

        // A fresh page (as after a restart) opens it and computes again.
        LandscapePage page(&runner, workspace);
        chooseSlice(page, *set);
        QVERIFY(page.openSurfaceFile(file));
        QCOMPARE(page.surface().computedPoints(), std::int64_t((kSide - 3) * kSide));
        // The points shown each time the surface changes.
        std::vector<std::int64_t> shown;
        connect(&page, &LandscapePage::resultChanged, this,
                [&] { shown.push_back(page.surface().computedPoints()); });
        QSignalSpy done(&page, &LandscapePage::computeFinished);
        QVERIFY(page.compute() != 0);
        waitForSignals(done);
        QVERIFY(done.first().first().toBool());
        QVERIFY(drainPostedEvents());  // any row the worker reported, shown

        const auto& resumed = page.surface();
        QCOMPARE(resumed.pointsComputedLastRun, std::int64_t(3 * kSide));
        // Shown: the surface as missing rows finish (updates may be merged),
        // then the finished one; the opened points never go away.
        QVERIFY(shown.size() >= 2 && shown.size() <= 3 + 1);
        for (std::size_t i = 0; i < shown.size(); ++i)
            QVERIFY2(
                shown[i] >= (i ? shown[i - 1] : (kSide - 3) * kSide) && shown[i] <= kSide * kSide,
                qPrintable(QString::number(shown[i])));
        QCOMPARE(shown.back(), std::int64_t(kSide * kSide));
        QCOMPARE(resumed.computedPoints(), std::int64_t(kSide * kSide));
        for (int iy = 0; iy < kSide; ++iy)
            for (int ix = 0; ix < kSide; ++ix) {
                const std::size_t k = static_cast<std::size_t>(iy * kSide + ix);
                if (!missingRows.count(iy)) {
                    QCOMPARE(resumed.loss[k], 1000.0 + static_cast<double>(k));
                    continue;
                }
                // The same float32 forward passes, grouped differently into
                // batches: equal to within float32 rounding of a mean over 200
                // samples (losses near 1, so 1e-6 is ~10 float32 ulps).
                QVERIFY2(std::abs(resumed.loss[k] - complete.loss[k]) < 1e-6,
                         qPrintable(QString("point %1: %2 vs %3")
                                        .arg(k)
                                        .arg(resumed.loss[k])
                                        .arg(complete.loss[k])));
                QCOMPARE(resumed.accuracy[k], complete.accuracy[k]);
            }
    }

    // Issue 14: a resume with changed inputs failed on every Compute until a
    // setting changed. Two such files: one whose data hash is not the data's
    // (as after the data file changed), one whose stored settings say subset
    // 50 while the values it records (its provenance, which the form shows)
    // say the whole split.
    void aSurfaceThatCannotBeContinuedIsComputedAfreshOnTheNextCompute() {
        QTemporaryDir dir;
        const auto set = test::writeSmallMlpSet(dir.filePath("set"));
        JobRunner runner;
        const auto workspace = std::make_shared<analysis::SetWorkspace>(*set);
        LandscapePage first(&runner, workspace);
        chooseSlice(first, *set);
        QSignalSpy firstDone(&first, &LandscapePage::computeFinished);
        QVERIFY(first.compute() != 0);
        waitForSignals(firstDone);
        QVERIFY(firstDone.first().first().toBool());
        const landscape::LandscapeResult complete = first.surface();
        QVERIFY(complete.inputs.recorded());

        auto otherData = withRowsMissing(complete, {3, 4});
        otherData.inputs.data = "0123456789abcdef";
        checkStartsAfreshAfterOneRefusal(otherData, complete, workspace, *set, runner,
                                         dir.filePath("other-data.h5"), "data");
        if (QTest::currentTestFailed())
            return;
        auto otherSettings = withRowsMissing(complete, {3, 4});
        otherSettings.settings.subset = 50;
        checkStartsAfreshAfterOneRefusal(otherSettings, complete, workspace, *set, runner,
                                         dir.filePath("other-settings.h5"), "subset");
    }

    // Issue 15: a computed surface is kept in the result cache (its HDF5
    // file); a new page with the same slice shows it with no job, every value
    // and marker equal. The cache is on only here (the tests run with it off).
    void aComputedSurfaceComesBackFromTheCache() {
        QTemporaryDir dir;
        const test::ResultCacheOn cacheOn(dir.filePath("results"));
        const auto set = test::writeSmallMlpSet(dir.filePath("set"));
        JobRunner runner;
        QSignalSpy queued(&runner, &JobRunner::jobQueued);
        const auto workspace = std::make_shared<analysis::SetWorkspace>(*set);
        LandscapePage first(&runner, workspace);
        chooseSlice(first, *set);
        QSignalSpy firstDone(&first, &LandscapePage::computeFinished);
        QVERIFY(first.compute() != 0);
        waitForSignals(firstDone);
        QVERIFY(firstDone.first().first().toBool());

        LandscapePage second(&runner, workspace);
        chooseSlice(second, *set);
        QSignalSpy secondDone(&second, &LandscapePage::computeFinished);
        QCOMPARE(second.compute(), 0);
        QCOMPARE(queued.size(), 1);  // the first page's job only
        QCOMPARE(secondDone.size(), 1);
        const auto& computed = first.surface();
        const auto& kept = second.surface();
        // HDF5 keeps float64 exactly; NaN would not compare equal, and there is none.
        QCOMPARE(kept.computedPoints(), std::int64_t(kSide * kSide));
        QCOMPARE(kept.loss, computed.loss);
        for (std::size_t k = 0; k < kept.accuracy.size(); ++k)
            // Kept in percent (the reference layout): x 100 and / 100 are two
            // roundings, at most 2 ulp of a value <= 1 (4.4e-16).
            QVERIFY(std::abs(kept.accuracy[k] - computed.accuracy[k]) <= 1e-15);
        QCOMPARE(kept.xs, computed.xs);
        QCOMPARE(kept.ys, computed.ys);
        QCOMPARE(kept.markers.size(), computed.markers.size());
        for (std::size_t i = 0; i < kept.markers.size(); ++i) {
            QCOMPARE(kept.markers[i].name, computed.markers[i].name);
            QCOMPARE(kept.markers[i].x, computed.markers[i].x);
            QCOMPARE(kept.markers[i].y, computed.markers[i].y);
        }
        QCOMPARE(second.resultValues(), first.resultValues());
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestLandscapeResume test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestLandscapeResume.moc"
