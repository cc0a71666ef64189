// The set browser, driven by objectName through MainWindow::openSet: the set
// opens on the worker, members are grouped, the filter and sorting work, the
// selection is published, and the details pane shows norms computed by a job;
// members selected elsewhere (a click on the map) are revealed in the tree.
#include <QtTest>

#include <cmath>

#include <QAbstractItemModel>
#include <QComboBox>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeView>

#include "core/io/set/CheckpointSet.h"
#include "tests/common/EventWait.h"
#include "tests/io/TestCheckpointSetFixtures.h"
#include "ui/GuiApplication.h"
#include "ui/jobs/JobRunner.h"
#include "ui/log/LogModel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/OpenSetDialog.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/setbrowser/SetMemberModel.h"
#include "ui/views/map/MapPage.h"
#include "ui/views/map/MapView.h"

using namespace modescape::ui;
using modescape::test::waitForSignals;
using modescape::test::waitUntil;
using modescape::test::writeMlp;

namespace {

std::string inDir(const QTemporaryDir& dir, const std::string& relative) {
    return dir.path().toStdString() + "/" + relative;
}

// ensemble/seed0..2 (fc weights 0.5, 1, 1.5), swag/sample-1..2, and one odd width.
void writeSet(const QTemporaryDir& dir) {
    for (int s = 0; s < 3; ++s)
        writeMlp(inDir(dir, "ensemble/seed" + std::to_string(s) + ".safetensors"), {2, 4, 3},
                 0.5f * float(s + 1));
    writeMlp(inDir(dir, "swag/sample-1.safetensors"), {2, 4, 3});
    writeMlp(inDir(dir, "swag/sample-2.safetensors"), {2, 4, 3});
    writeMlp(inDir(dir, "odd.safetensors"), {2, 6, 3});
}

// Groups "a" and "b" of 15 members each (a/m00 ... b/m14), every member's
// weights one value (0.1, 0.2, ... 3.0): far more rows than the tree shows.
QString writeLongSet(const QTemporaryDir& dir) {
    for (int g = 0; g < 2; ++g)
        for (int m = 0; m < 15; ++m)
            writeMlp(inDir(dir, std::string(1, char('a' + g)) + "/m" + (m < 10 ? "0" : "") +
                                    std::to_string(m) + ".safetensors"),
                     {2, 4, 3}, 0.1f * float(15 * g + m + 1));
    return dir.path();
}

// The tree's index (proxy model, column 0) of a member, or an invalid one.
QModelIndex treeIndexOf(QTreeView* tree, const QString& member) {
    QAbstractItemModel* m = tree->model();
    for (int g = 0; g < m->rowCount(); ++g)
        for (int r = 0; r < m->rowCount(m->index(g, 0)); ++r) {
            const QModelIndex index = m->index(r, 0, m->index(g, 0));
            if (index.data(SetMemberModel::MemberNameRole).toString() == member)
                return index;
        }
    return {};
}

// Empty when the member's row is shown: its group expanded and the row inside
// the tree's viewport.
QString hiddenInTree(QTreeView* tree, const QString& member) {
    const QModelIndex index = treeIndexOf(tree, member);
    if (!index.isValid())
        return member + " is not in the tree";
    if (!tree->isExpanded(index.parent()))
        return member + "'s group is collapsed";
    const QRect row = tree->visualRect(index);
    if (row.isEmpty() || !tree->viewport()->rect().contains(row))
        return QString("%1's row (y %2, height %3) is outside the viewport (height %4)")
            .arg(member)
            .arg(row.y())
            .arg(row.height())
            .arg(tree->viewport()->height());
    return {};
}

int columnOf(QTreeView* tree, const QString& title) {
    for (int c = 0; c < tree->model()->columnCount(); ++c)
        if (tree->model()->headerData(c, Qt::Horizontal).toString() == title)
            return c;
    return -1;
}

QString cellText(QAbstractItemModel* m, int groupRow, int memberRow, int column) {
    const QModelIndex group = m->index(groupRow, 0);
    return m->index(memberRow, column, group).data().toString();
}

int groupRow(QAbstractItemModel* m, const QString& group) {
    for (int r = 0; r < m->rowCount(); ++r)
        if (m->index(r, 0).data().toString() == group)
            return r;
    return -1;
}

}  // namespace

class TestSetBrowser : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void opensOnTheWorkerAndListsGroupedMembers() {
        QTemporaryDir dir;
        writeSet(dir);
        MainWindow window;
        QSignalSpy queued(window.jobRunner(), &JobRunner::jobQueued);
        window.openSet(dir.path());
        QCOMPARE(queued.count(), 1);  // the set is opened by a job, not on the UI thread
        QVERIFY(queued.at(0).at(1).toString().startsWith("Open set"));
        SetBrowser* browser = window.setBrowser();
        waitUntil([&] { return browser->set() != nullptr; });

        auto* tree = window.findChild<QTreeView*>("setTree");
        QVERIFY(tree);
        QAbstractItemModel* m = tree->model();
        QCOMPARE(m->rowCount(), 2);  // odd.safetensors was left out, so no "ungrouped"
        QCOMPARE(m->index(0, 0).data().toString(), QString("ensemble"));
        QCOMPARE(m->index(1, 0).data().toString(), QString("swag"));
        QCOMPARE(m->rowCount(m->index(0, 0)), 3);
        QCOMPARE(m->rowCount(m->index(1, 0)), 2);
        QCOMPARE(cellText(m, 0, 2, 0), QString("ensemble/seed2.safetensors"));
        const int seed = columnOf(tree, "Seed");
        const int format = columnOf(tree, "Format");
        const int sample = columnOf(tree, "sample");
        QVERIFY(seed > 0 && format > 0 && sample > 0);
        QCOMPARE(cellText(m, 0, 1, seed), QString("1"));
        QCOMPARE(cellText(m, 0, 1, format), QString("safetensors"));
        QCOMPARE(cellText(m, 1, 1, sample), QString("2"));
        auto* title = window.findChild<QLabel*>("setTitle");
        QVERIFY2(title->text().contains("5 checkpoints") && title->text().contains("1 left out"),
                 qPrintable(title->text()));
        // The warning reached the log.
        waitUntil([&] { return window.logModel()->contains("odd.safetensors"); });

        // Sorting by seed, descending.
        tree->sortByColumn(seed, Qt::DescendingOrder);
        const int ensemble = groupRow(m, "ensemble");
        QVERIFY(ensemble >= 0);
        QCOMPARE(cellText(m, ensemble, 0, seed), QString("2"));
        QCOMPARE(cellText(m, ensemble, 2, seed), QString("0"));

        // The filter keeps matching members with their group.
        auto* filter = window.findChild<QLineEdit*>("setFilter");
        filter->setText("SWAG");
        QCOMPARE(m->rowCount(), 1);
        QCOMPARE(m->rowCount(m->index(0, 0)), 2);
        filter->setText("seed1");
        QCOMPARE(m->rowCount(), 1);
        QCOMPARE(m->rowCount(m->index(0, 0)), 1);
        QCOMPARE(cellText(m, 0, 0, 0), QString("ensemble/seed1.safetensors"));
        filter->clear();
        QCOMPARE(m->rowCount(), 2);
    }

    void selectionIsPublishedAndDetailsShowNorms() {
        QTemporaryDir dir;
        writeSet(dir);
        MainWindow window;
        window.openSet(dir.path());
        SetBrowser* browser = window.setBrowser();
        waitUntil([&] { return browser->set() != nullptr; });

        QSignalSpy selection(browser, &SetBrowser::selectionChanged);
        QSignalSpy queued(window.jobRunner(), &JobRunner::jobQueued);
        browser->selectMembers({"swag/sample-2.safetensors", "ensemble/seed2.safetensors"});
        QVERIFY(selection.count() >= 1);
        const QStringList names = selection.last().at(0).toStringList();
        QCOMPARE(names.size(), 2);
        QVERIFY(names.contains("swag/sample-2.safetensors"));
        QVERIFY(names.contains("ensemble/seed2.safetensors"));
        QCOMPARE(browser->selectedMembers().size(), 2);

        browser->selectMembers({"ensemble/seed2.safetensors"});
        QVERIFY(!queued.isEmpty());  // norms come from a job on the worker
        QVERIFY(queued.last().at(1).toString().startsWith("Tensor norms of"));
        auto* table = window.findChild<QTableWidget*>("tensorTable");
        QVERIFY(table);
        waitUntil([&] { return table->rowCount() == 4; });
        QCOMPARE(table->item(0, 0)->text(), QString("fc1.weight"));
        QCOMPARE(table->item(0, 1)->text(), QString("[4, 2]"));
        QCOMPARE(table->item(0, 2)->text(), QString("F32"));
        // seed2's weights are all 1.5: ||fc1.weight|| = 1.5 * sqrt(8), ||fc2.weight|| = 1.5 *
        // sqrt(12).
        QCOMPARE(table->item(0, 3)->text(), QString::number(1.5 * std::sqrt(8.0), 'g', 6));
        QCOMPARE(table->item(0, 3)->text(), QString("4.24264"));
        QCOMPARE(table->item(2, 3)->text(), QString("5.19615"));
        QCOMPARE(table->item(1, 3)->text(), QString("0"));
    }

    // Issue 13: an archive opens as a set; its members' tensors are read from the archive.
    void anArchiveOpensAsASet() {
        QTemporaryDir dir;
        qputenv("XDG_CACHE_HOME", (dir.path() + "/cache").toUtf8());
        const QString archive = dir.path() + "/run-0-3.tgz";
        QVERIFY(QFile::copy(MODESCAPE_FIXTURES_DIR "/archive-sets/run-0-3.tgz", archive));
        MainWindow window;
        window.openSet(archive);
        SetBrowser* browser = window.setBrowser();
        waitUntil([&] { return browser->set() != nullptr; });
        QCOMPARE(browser->set()->members.size(), std::size_t(4));
        auto* tree = window.findChild<QTreeView*>("setTree");
        QAbstractItemModel* m = tree->model();
        QCOMPARE(m->rowCount(), 1);
        QCOMPARE(m->index(0, 0).data().toString(), QString("run-0-3"));
        QCOMPARE(cellText(m, 0, 2, 0), QString("run-0-3/version_2.safetensors"));

        browser->selectMembers({"run-0-3/version_1.safetensors"});
        auto* table = window.findChild<QTableWidget*>("tensorTable");
        waitUntil([&] { return table->rowCount() == 2; });
        QCOMPARE(table->item(1, 0)->text(), QString("0.bias"));
        QCOMPARE(table->item(1, 2)->text(), QString("F16"));
        // version_1's 0.bias is (20, 21) / 64 (make_set_archives.py).
        QCOMPARE(table->item(1, 3)->text(), QString::number(std::hypot(20.0, 21.0) / 64, 'g', 6));
    }

    // File > Open set… is one dialog for folders and archives: Open takes the
    // selected archive or folder as the set (a folder is not entered), or the
    // folder shown when nothing is selected.
    void openSetDialogTakesAFolderOrAnArchive() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkpath("sets/folder-set"));
        QVERIFY(QFile::copy(MODESCAPE_FIXTURES_DIR "/archive-sets/run-0-3.tgz",
                            dir.path() + "/sets/run-0-3.tgz"));
        const QString sets = dir.path() + "/sets";
        QCOMPARE(setPathForSelection({sets + "/run-0-3.tgz"}, sets), sets + "/run-0-3.tgz");
        QCOMPARE(setPathForSelection({sets + "/folder-set"}, sets), sets + "/folder-set");
        QCOMPARE(setPathForSelection({}, sets), sets);
        QCOMPARE(setPathForSelection({sets + "/missing.tgz"}, sets), QString());

        OpenSetDialog dialog(nullptr, sets);
        dialog.selectFile(sets + "/folder-set");
        dialog.accept();
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.chosenPath(), sets + "/folder-set");
    }

    // The menu item opens the chosen archive as the set.
    void openSetMenuOpensTheChosenArchive() {
        QTemporaryDir dir;
        qputenv("XDG_CACHE_HOME", (dir.path() + "/cache").toUtf8());
        const QString archive = dir.path() + "/run-0-3.tgz";
        QVERIFY(QFile::copy(MODESCAPE_FIXTURES_DIR "/archive-sets/run-0-3.tgz", archive));
        MainWindow window;
        QAction* open = nullptr;
        for (QAction* action : window.menuBar()->actions().front()->menu()->actions())
            if (action->text() == MainWindow::tr("&Open set…"))
                open = action;
        QVERIFY(open);
        bool answered = false;
        // The dialog is modal: answer it from the event loop it runs.
        QTimer::singleShot(0, &window, [&] {
            auto* dialog = qobject_cast<OpenSetDialog*>(QApplication::activeModalWidget());
            if (!dialog)
                return;
            dialog->selectFile(archive);
            dialog->accept();
            answered = true;
        });
        open->trigger();
        QVERIFY(answered);
        waitUntil([&] { return window.setBrowser()->set() != nullptr; });
        QCOMPARE(window.setBrowser()->set()->members.size(), std::size_t(4));
    }

    // `modescape gui SET --model ... --dataset ...`: the window opens that set
    // with the command line's model and datasets, above recognition.
    void commandLineOverridesApplyToTheirSet() {
        QTemporaryDir dir;
        qputenv("XDG_CACHE_HOME", (dir.path() + "/cache").toUtf8());
        const QString archive = dir.path() + "/run-0-3.tgz";
        QVERIFY(QFile::copy(MODESCAPE_FIXTURES_DIR "/archive-sets/run-0-3.tgz", archive));
        modescape::io::SetOverrides overrides;
        modescape::io::ModelSpec model;
        model.kind = modescape::io::ModelSpec::Kind::Builtin;
        model.builtin = "mlp";
        model.argsJson = R"({"activation":"tanh","widths":[3,2]})";
        overrides.model = model;
        overrides.datasets.push_back({"test", "moons:n=64,seed=3"});
        MainWindow window;
        window.setAsksForModelAndData(false);
        window.useOverrides(archive, overrides);
        window.openSet(archive);
        waitUntil([&] { return window.setBrowser()->set() != nullptr; });
        const auto& set = *window.setBrowser()->set();
        QCOMPARE(QString::fromStdString(set.modelSource), QString("command line"));
        QCOMPARE(QString::fromStdString(set.model.argsJson),
                 QString(R"({"activation":"tanh","widths":[3,2]})"));
        QCOMPARE(set.datasets.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(set.datasets.front().spec), QString("moons:n=64,seed=3"));
    }

    // Issue 19.10: members selected from outside the browser open their group
    // and are scrolled into view, even after the user collapsed the tree.
    void membersSelectedElsewhereAreRevealed() {
        QTemporaryDir dir;
        MainWindow window;
        window.setAsksForModelAndData(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openSet(writeLongSet(dir));
        SetBrowser* browser = window.setBrowser();
        waitUntil([&] { return browser->set() != nullptr; });
        auto* tree = window.findChild<QTreeView*>("setTree");
        tree->collapseAll();
        browser->selectMembers({"b/m14.safetensors"});
        QString hidden = hiddenInTree(tree, "b/m14.safetensors");
        QVERIFY2(hidden.isEmpty(), qPrintable(hidden));
        QVERIFY(!tree->isExpanded(treeIndexOf(tree, "a/m00.safetensors").parent()));
        // Back to the top of the list: the first member comes into view again.
        browser->selectMembers({"a/m00.safetensors", "b/m14.safetensors"});
        hidden = hiddenInTree(tree, "a/m00.safetensors");
        QVERIFY2(hidden.isEmpty(), qPrintable(hidden));
    }

    // Issue 19.10: a point clicked on the map (t-SNE, spelled so in the status)
    // is revealed in the browser's tree.
    void aPointClickedOnTheMapIsRevealedInTheBrowser() {
        QTemporaryDir dir;
        MainWindow window;
        window.setAsksForModelAndData(false);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openSet(writeLongSet(dir));
        MapPage* map = nullptr;
        waitUntil([&] { return (map = window.viewTabs()->findChild<MapPage*>()) != nullptr; });
        window.viewTabs()->setCurrentWidget(map);
        auto* method = map->propertiesWidget()->findChild<QComboBox*>("project.method");
        QVERIFY(method);
        method->setCurrentIndex(method->findData("tsne"));
        QSignalSpy finished(map, &MapPage::computeFinished);
        QVERIFY(map->compute() > 0);
        waitForSignals(finished);
        QVERIFY2(finished.last().at(0).toBool(), qPrintable(map->status()));
        QVERIFY2(map->status().contains("t-SNE of 30 members") && !map->status().contains("TSNE"),
                 qPrintable(map->status()));

        auto* tree = window.findChild<QTreeView*>("setTree");
        tree->collapseAll();
        const auto& members = map->mapView()->model().projection().members;
        const auto last = std::find(members.begin(), members.end(), "b/m14.safetensors");
        QVERIFY(last != members.end());
        map->mapView()->clickAt(
            map->mapView()->screenPosition(int(last - members.begin())).toPoint(), false);
        // Whichever member the click picked (t-SNE may put another on top), it is shown.
        const QStringList picked = map->mapView()->selectedMembers();
        QCOMPARE(picked.size(), 1);
        waitUntil([&] { return window.setBrowser()->selectedMembers() == picked; });
        const QString hidden = hiddenInTree(tree, picked.front());
        QVERIFY2(hidden.isEmpty(), qPrintable(hidden));
    }

    void aFolderWithoutCheckpointsIsLoggedAndShown() {
        QTemporaryDir dir;
        MainWindow window;
        window.openSet(dir.path());
        waitUntil([&] { return window.logModel()->contains("no checkpoint files found"); });
        auto* title = window.findChild<QLabel*>("setTitle");
        waitUntil([&] { return title->text().startsWith("Could not open"); });
        QVERIFY(window.setBrowser()->set() == nullptr);
    }
};

int main(int argc, char** argv) {
    setDefaultSurfaceFormat();  // the map's VTK view
    QApplication app(argc, argv);
    QApplication::setOrganizationName("ModescapeTests");
    QApplication::setApplicationName("TestSetBrowser");
    TestSetBrowser test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestSetBrowser.moc"
