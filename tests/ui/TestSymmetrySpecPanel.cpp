// Issue 20, item 5: the symmetry panels list the groups their removal used
// (built in, or inferred from a TorchScript graph) and save them as
// symmetry.json next to the set, atomically and never over a file silently.
#include <QtTest>

#include <QDir>
#include <QFile>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <filesystem>
#include <memory>

#include "core/analysis/SetWorkspace.h"
#include "core/io/set/OpenSet.h"
#include "core/symmetry/SymmetrySpecJson.h"
#include "tests/common/EventWait.h"
#include "tests/symmetry/SymmetrySetFixture.h"
#include "ui/jobs/JobRunner.h"
#include "ui/views/map/SymmetryPanelsPage.h"
#include "ui/views/map/SymmetrySpecPanel.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::waitForExposed;
using modescape::test::waitForSignals;

namespace {

QByteArray readAll(const QString& path) {
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Computes the panels of the set in folder with the pair and layer in `tensor`.
void computePanels(SymmetryPanelsPage& page, const QString& tensor) {
    page.resize(1100, 800);
    page.show();
    waitForExposed(page);
    page.setPair(tensor, 0, 1);
    page.setIndexTensor(tensor);
    QSignalSpy finished(&page, &SymmetryPanelsPage::computeFinished);
    QVERIFY(page.compute() > 0);
    waitForSignals(finished);
    QVERIFY2(finished.last().at(0).toBool(), qPrintable(page.status()));
}

}  // namespace

class TestSymmetrySpecPanel : public QObject {
    Q_OBJECT
    QTemporaryDir cache_;

  private Q_SLOTS:
    // The inferred spec's check is cached per model file: in a folder of our own.
    void initTestCase() {
        QVERIFY(cache_.isValid());
        qputenv("XDG_CACHE_HOME", cache_.path().toUtf8());
    }

    // The built-in MLP 2-8-8-3 (relu): groups "0" and "2", 8 units each, scalable;
    // each reorders the layer's weight rows and bias (out) and the next weight's columns (in).
    void listsTheGroupsTheRemovalUsed() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("set");
        symmetry::test::writeSymmetrySet(folder.toStdString());
        JobRunner runner;
        SymmetryPanelsPage page(&runner, std::make_shared<analysis::SetWorkspace>(
                                             io::openCheckpointSet(folder.toStdString(), {})));
        QVERIFY(!page.specPanel()->saveButton()->isEnabled());  // nothing to save before Compute
        computePanels(page, "0.weight");
        if (QTest::currentTestFailed())
            return;
        const QTreeWidget* tree = page.specPanel()->groupTree();
        QCOMPARE(tree->topLevelItemCount(), 2);
        for (int i = 0; i < 2; ++i) {
            const QTreeWidgetItem* g = tree->topLevelItem(i);
            QCOMPARE(g->text(0), QString(i == 0 ? "0" : "2"));
            QCOMPARE(g->text(2), QString("8"));
            QCOMPARE(g->text(3), QString("permutation + scaling"));
            QCOMPARE(g->childCount(), 3);
        }
        const QTreeWidgetItem* first = tree->topLevelItem(0);
        QCOMPARE(first->child(0)->text(0), QString("0.weight"));
        QCOMPARE(first->child(0)->text(1), QString("0"));
        QCOMPARE(first->child(0)->text(4), QString("out"));
        QCOMPARE(first->child(2)->text(0), QString("2.weight"));
        QCOMPARE(first->child(2)->text(1), QString("1"));
        QCOMPARE(first->child(2)->text(4), QString("in"));
        QVERIFY2(page.specPanel()->notesText().contains("2 groups, 16 units"),
                 qPrintable(page.specPanel()->notesText()));
        QVERIFY(page.specPanel()->saveButton()->isEnabled());
    }

    // Save writes SET/symmetry.json holding the groups shown; an existing file is
    // replaced only when the user says yes, and no temporary file stays behind.
    void savesNextToTheSetAndAsksBeforeReplacing() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("set");
        symmetry::test::writeSymmetrySet(folder.toStdString());
        const QStringList before = QDir(folder).entryList(QDir::Files | QDir::Hidden);
        JobRunner runner;
        SymmetryPanelsPage page(&runner, std::make_shared<analysis::SetWorkspace>(
                                             io::openCheckpointSet(folder.toStdString(), {})));
        computePanels(page, "0.weight");
        if (QTest::currentTestFailed())
            return;
        SymmetrySpecPanel* panel = page.specPanel();
        QStringList asked;
        bool answer = false;
        panel->setConfirmOverwrite([&](const QString& path) {
            asked << path;
            return answer;
        });
        const QString path = QDir(folder).filePath("symmetry.json");
        QCOMPARE(panel->specPath(), path);
        QSignalSpy saved(panel, &SymmetrySpecPanel::specSaved);
        QTest::mouseClick(panel->saveButton(), Qt::LeftButton);  // the button, as a user would
        QCOMPARE(saved.count(), 1);
        QVERIFY(asked.isEmpty());  // nothing to replace: no question
        const symmetry::SymmetrySpec written = symmetry::readSymmetrySpec(path.toStdString());
        const symmetry::SymmetrySpec& shown = page.panels()->data.spec;
        QCOMPARE(written.groups.size(), shown.groups.size());
        for (std::size_t i = 0; i < shown.groups.size(); ++i) {
            QCOMPARE(written.groups[i].name, shown.groups[i].name);
            QCOMPARE(written.groups[i].size, shown.groups[i].size);
            QCOMPARE(written.groups[i].scalable, shown.groups[i].scalable);
            QCOMPARE(written.groups[i].axes.size(), shown.groups[i].axes.size());
            for (std::size_t a = 0; a < shown.groups[i].axes.size(); ++a) {
                QCOMPARE(written.groups[i].axes[a].tensor, shown.groups[i].axes[a].tensor);
                QCOMPARE(written.groups[i].axes[a].axis, shown.groups[i].axes[a].axis);
                QCOMPARE(written.groups[i].axes[a].role, shown.groups[i].axes[a].role);
            }
        }
        QCOMPARE(written.sampleInputShape, std::vector<std::int64_t>{2});
        QStringList after = before;
        after << "symmetry.json";
        after.sort();
        QStringList now = QDir(folder).entryList(QDir::Files | QDir::Hidden);
        now.sort();
        QVERIFY2(now == after,
                 qPrintable(now.join(", ") + " != " + after.join(", ")));  // renamed, not left

        // A file exists now: "no" keeps it byte for byte, "yes" replaces it.
        QFile mine(path);
        QVERIFY(mine.open(QIODevice::WriteOnly | QIODevice::Truncate));
        mine.write("{\"groups\": []}\n");
        mine.close();
        QCOMPARE(panel->saveNextToSet(), SymmetrySpecPanel::SaveOutcome::Declined);
        QCOMPARE(asked, QStringList{path});
        QCOMPARE(readAll(path), QByteArray("{\"groups\": []}\n"));
        QVERIFY2(panel->statusText().contains("kept"), qPrintable(panel->statusText()));
        answer = true;
        QCOMPARE(panel->saveNextToSet(), SymmetrySpecPanel::SaveOutcome::Saved);
        QCOMPARE(asked.size(), 2);
        QCOMPARE(symmetry::readSymmetrySpec(path.toStdString()).groups.size(), std::size_t(2));
    }

    // A TorchScript set with no symmetry.json: the panels use the spec inferred
    // from its graph, and list it (GELU: permutations only, and a note saying why).
    void listsTheInferredGroupsOfATorchScriptSet() {
        QTemporaryDir dir;
        const QString folder = dir.filePath("set");
        const std::string fixture = MODESCAPE_FIXTURES_DIR "/symmetry/inference/mlp_gelu";
        std::filesystem::copy(fixture, folder.toStdString());
        JobRunner runner;
        SymmetryPanelsPage page(&runner, std::make_shared<analysis::SetWorkspace>(
                                             io::openCheckpointSet(folder.toStdString(), {})));
        computePanels(page, "0.weight");
        if (QTest::currentTestFailed())
            return;
        const QTreeWidget* tree = page.specPanel()->groupTree();
        QCOMPARE(tree->topLevelItemCount(), 2);
        QCOMPARE(tree->topLevelItem(0)->text(2), QString("8"));
        QCOMPARE(tree->topLevelItem(1)->text(2), QString("6"));
        for (int i = 0; i < 2; ++i)
            QCOMPARE(tree->topLevelItem(i)->text(3), QString("permutation"));
        // The notes stay readable under the groups: never squeezed below
        // three lines by the page's layout (they were, as a label).
        const auto* notes = page.specPanel()->findChild<QPlainTextEdit*>("symmetryNotes");
        QVERIFY(notes && notes->isVisible());
        QVERIFY2(notes->viewport()->height() >= 3 * notes->fontMetrics().lineSpacing(),
                 qPrintable(QString::number(notes->viewport()->height())));
        QVERIFY2(page.specPanel()->notesText().contains("gelu", Qt::CaseInsensitive),
                 qPrintable(page.specPanel()->notesText()));
        QCOMPARE(page.specPanel()->saveNextToSet(), SymmetrySpecPanel::SaveOutcome::Saved);
        QVERIFY(QFile::exists(QDir(folder).filePath("symmetry.json")));
    }
};

QTEST_MAIN(TestSymmetrySpecPanel)
#include "TestSymmetrySpecPanel.moc"
