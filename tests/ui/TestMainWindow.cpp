// The main window: docks, menus, persistence, image export, and a screenshot;
// a set opens on its overview, Compute stays in sight, the View menu lists
// (and reopens) every tab.
#include <QtTest>

#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <vtkActor.h>
#include <vtkActorCollection.h>
#include <vtkCamera.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include "core/analysis/CalibrateAnalysis.h"
#include "core/common/Version.h"
#include "core/io/set/CheckpointSet.h"
#include "tests/common/EventWait.h"
#include "tests/io/TestCheckpointSetFixtures.h"
#include "tests/ui/SmallMlpSet.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/jobs/JobRunner.h"
#include "ui/log/LogModel.h"
#include "ui/mainwindow/AboutText.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/ModelAndDataDialog.h"
#include "ui/mainwindow/OutsideMembersQuestion.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/VtkView.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/ExampleSurfacePage.h"
#include "ui/views/calibration/CalibrationViews.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/overview/GroupSummary.h"

using namespace modescape::ui;
using modescape::test::drainPostedEvents;
using modescape::test::projectWithCamera;
using modescape::test::waitForExposed;
using modescape::test::waitUntil;

namespace {

// The example page's analytic surface: a bowl with two Gaussian basins on [-1, 1]^2.
double exampleHeight(double a, double b) {
    return 0.6 * (a * a + b * b) -
           0.5 * std::exp(-8 * ((a - 0.4) * (a - 0.4) + (b + 0.3) * (b + 0.3))) -
           0.4 * std::exp(-8 * ((a + 0.5) * (a + 0.5) + (b - 0.4) * (b - 0.4)));
}

// The titles of the window's tabs, in order.
QStringList tabTitles(const MainWindow& window) {
    QStringList titles;
    for (int i = 0; i < window.viewTabs()->count(); ++i)
        titles << window.viewTabs()->tabText(i);
    return titles;
}

// The small MLP set (groups "ensemble": m1-m3, "copies": m1-copy, a model and a
// test split) opened in a shown window of the default size; returns when its
// tabs are there.
std::shared_ptr<const modescape::io::CheckpointSet> openSmallSet(MainWindow& window,
                                                                 const QTemporaryDir& dir) {
    const QString folder = dir.filePath("small-set");
    auto set = modescape::test::writeSmallMlpSet(folder, false, true);
    window.setAsksForModelAndData(false);
    window.show();
    waitForExposed(window);
    window.openSet(folder);
    waitUntil([&] { return tabTitles(window).contains("Connectivity"); });
    return set;
}

// Forgets the window layout earlier tests saved: the next window has the default one.
void forgetSavedLayout() {
    QSettings().remove("window/geometry");
    QSettings().remove("window/state");
}

// Whether every pixel of w lies inside each of its ancestors up to the window
// (a scroll area's viewport among them): nothing of it is scrolled or cut away.
QString outOfSight(const QWidget* w) {
    if (!w->isVisible())
        return QString("%1 is not visible").arg(w->objectName());
    for (const QWidget* a = w->parentWidget(); a; a = a->parentWidget()) {
        const QRect r(w->mapTo(a, QPoint(0, 0)), w->size());
        if (!a->rect().contains(r))
            return QString("%1 at (%2, %3) %4x%5 lies outside %6 (%7x%8)")
                .arg(w->objectName())
                .arg(r.x())
                .arg(r.y())
                .arg(r.width())
                .arg(r.height())
                .arg(a->metaObject()->className())
                .arg(a->width())
                .arg(a->height());
        if (a->isWindow())
            break;
    }
    return {};
}

// Bytes in KiB as the overview writes them: one decimal below 10, none above.
QString kib(std::uint64_t bytes) {
    const double value = double(bytes) / 1024.0;
    return QString::asprintf(value < 10 ? "%.1f KiB" : "%.0f KiB", value);
}

QString percent(double fraction) {
    return QString::number(100.0 * fraction, 'f', 1) + "%";
}

}  // namespace

class TestMainWindow : public QObject {
    Q_OBJECT
  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
    }

    void hasDocksMenusAndDevice() {
        MainWindow window;
        for (const char* name : {"setBrowserDock", "propertiesDock", "jobsDock"}) {
            auto* dock = window.findChild<QDockWidget*>(name);
            QVERIFY2(dock, name);
        }
        QStringList menus;
        for (QAction* a : window.menuBar()->actions())
            menus << a->text().remove('&');
        QCOMPARE(menus, QStringList({"File", "View", "Help"}));
        auto* device = window.findChild<QLabel*>("deviceLabel");
        QVERIFY(device && device->text().contains("CPU"));
    }

    // The window wears the application icon (resources/modescape.svg), drawn
    // at 16 and at 256 px, and About fills in every placeholder of its text
    // (resources/about.html).
    void wearsTheIconAndAboutNamesTheVersions() {
        MainWindow window;
        const QIcon icon = window.windowIcon();
        QVERIFY(!icon.isNull());
        const QImage small = icon.pixmap(QSize(16, 16)).toImage();
        const QImage large = icon.pixmap(QSize(256, 256)).toImage();
        QCOMPARE(small.size(), QSize(16, 16));
        QCOMPARE(large.size(), QSize(256, 256));
        // The rounded corner is see-through; the left mode's dot, centred at
        // (61, 146) at 256 px and 17 px across, is its own light colour.
        QCOMPARE(qAlpha(large.pixel(0, 0)), 0);
        QCOMPARE(QColor(large.pixel(61, 146)).name(), QString("#fff4d6"));
        QCOMPARE(qAlpha(small.pixel(8, 8)), 255);
        const QString about = aboutText("CPU (2 threads)");
        QVERIFY2(
            about.contains("Modescape " + QString::fromStdString(modescape::modescapeVersion())),
            qPrintable(about));
        QVERIFY2(about.contains(qVersion()) && about.contains("CPU (2 threads)"),
                 qPrintable(about));
        QVERIFY2(!about.contains(QRegularExpression("%[1-9]")) && !about.contains("<!--"),
                 qPrintable(about));
    }

    // The desktop entry hands over single *.safetensors files: their folder opens.
    void aCheckpointFileOpensItsFolder() {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString file = dir.filePath("member-0.safetensors");
        QVERIFY(QFile(file).open(QIODevice::WriteOnly));
        QCOMPARE(setToOpen(file), dir.path());
        QCOMPARE(setToOpen(dir.path()), dir.path());
        QCOMPARE(setToOpen(dir.filePath("run-0-3.tgz")), dir.filePath("run-0-3.tgz"));
    }

    void screenshotShowsDocksAndRenderedScene() {
        MainWindow window;
        auto* page = new ExampleSurfacePage(&window);
        window.addViewPage(page, "Example surface");
        window.resize(1200, 760);
        window.show();
        waitForExposed(window);
        QVERIFY(drainPostedEvents());  // layouts and first paints done
        const QImage shot = window.grab().toImage();
        shot.save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/mainwindow.png");

        // The surface is rendered: the view holds many non-background (non-white) pixels.
        const QImage scene = page->view()->grabScene(1.0, false);
        int coloured = 0;
        for (int y = 0; y < scene.height(); y += 4)
            for (int x = 0; x < scene.width(); x += 4)
                if (scene.pixelColor(x, y) != QColor(Qt::white))
                    ++coloured;
        const int samples = (scene.width() / 4) * (scene.height() / 4);
        QVERIFY2(coloured > samples / 10,
                 qPrintable(QString("%1 of %2").arg(coloured).arg(samples)));

        // Issue 23: where the camera puts a grid node (a, b, z(a, b)), the pixel has the
        // colour map's colour for z, scaled over the grid's range of z. Lighting off, so
        // that the colour is the mapped value itself, not a shade of it.
        vtkActorCollection* actors = page->view()->renderer()->GetActors();
        actors->InitTraversal();
        while (vtkActor* actor = actors->GetNextActor())
            actor->GetProperty()->LightingOff();
        const QImage unlit = page->view()->grabScene(1.0, false);
        constexpr int n = 61;  // the page's grid
        double low = INFINITY, high = -INFINITY;
        for (int j = 0; j < n; ++j)
            for (int i = 0; i < n; ++i) {
                const double z = exampleHeight(-1.0 + 2.0 * i / (n - 1), -1.0 + 2.0 * j / (n - 1));
                low = std::min(low, z);
                high = std::max(high, z);
            }
        // A basin's bottom, a back slope, the back left corner: far apart on the colour
        // map, nodes of the grid (multiples of 1/30), and seen by the camera: no part of
        // the surface lies between (the front rim hides the other basin's bottom).
        const std::pair<double, double> nodes[3] = {{-0.5, 0.4}, {0.5, 0.8}, {-0.9, 0.9}};
        const double* eye = page->view()->renderer()->GetActiveCamera()->GetPosition();
        for (const auto& [a, b] : nodes)
            for (int k = 1; k < 1000; ++k) {  // 1000 steps along the line of sight
                const double s = k / 1000.0, x = eye[0] + s * (a - eye[0]),
                             y = eye[1] + s * (b - eye[1]),
                             z = eye[2] + s * (exampleHeight(a, b) - eye[2]);
                if (std::abs(x) <= 1 && std::abs(y) <= 1)
                    QVERIFY2(
                        z > exampleHeight(x, y) - 1e-9,
                        qPrintable(
                            QString("(%1, %2) hidden at (%3, %4)").arg(a).arg(b).arg(x).arg(y)));
            }
        for (const auto& [a, b] : nodes)
            for (const auto& [otherA, otherB] : nodes) {
                const double world[3] = {a, b, exampleHeight(a, b)};
                const QPointF at = projectWithCamera(page->view()->renderer(), world);
                double rgb[3];
                colormapColor(Colormap::Viridis,
                              (exampleHeight(otherA, otherB) - low) / (high - low), rgb);
                const int distance = modescape::test::nearestColourDistance(
                    unlit, at, modescape::test::rgbColour(rgb), 1);
                // Within a pixel of a node of a ~15-pixel grid cell the colour moves by
                // under 1% of the map: a few levels, 12 in all three channels together.
                const bool same = a == otherA && b == otherB;
                QVERIFY2(same ? distance <= 12 : distance > 24,
                         qPrintable(QString("(%1, %2) at %3 is %4; %5 the colour of z(%6, %7) "
                                            "(distance %8)")
                                        .arg(a)
                                        .arg(b)
                                        .arg(modescape::test::describe(at))
                                        .arg(unlit.pixelColor(at.toPoint()).name())
                                        .arg(same ? "expected" : "unexpected")
                                        .arg(otherA)
                                        .arg(otherB)
                                        .arg(distance)));
            }
    }

    void exportWritesScaledPngAtomically() {
        MainWindow window;
        window.addViewPage(new ExampleSurfacePage(&window), "Example");
        window.resize(900, 600);
        window.show();
        waitForExposed(window);
        QTemporaryDir dir;
        const QString path = dir.filePath("view.png");
        QVERIFY(window.exportCurrentView(path, 2.0, true));
        QImage image(path);
        QVERIFY(!image.isNull());
        const QSize viewSize = window.currentViewPage()->size() * window.devicePixelRatioF();
        QCOMPARE(image.size(), viewSize * 2);
        QCOMPARE(image.pixelColor(1, 1).alpha(), 0);
        QVERIFY(!window.exportCurrentView("/nonexistent-folder/x.png", 1.0, false));
        waitUntil([&] { return window.logModel()->contains("/nonexistent-folder/x.png"); });
    }

    void recentSetsAndLayoutPersist() {
        QTemporaryDir dir;
        {
            MainWindow window;
            window.show();
            window.openSet(dir.path());
            QCOMPARE(window.setBrowser()->folder(), QFileInfo(dir.path()).canonicalFilePath());
            window.findChild<QDockWidget*>("propertiesDock")->hide();
            window.close();
        }
        MainWindow again;
        again.show();
        waitForExposed(again);
        QVERIFY(again.findChild<QDockWidget*>("propertiesDock")->isHidden());
        QCOMPARE(QSettings().value("recentSets").toStringList().value(0),
                 QFileInfo(dir.path()).canonicalFilePath());
        again.findChild<QDockWidget*>("propertiesDock")->show();
        again.close();
    }

    // Issue 22: members outside the set folder are read only when the user says yes.
    void membersOutsideTheSetAreReadOnlyWhenTheUserAgrees() {
        QTemporaryDir dir;
        const std::string root = std::filesystem::canonical(dir.path().toStdString()).string();
        modescape::test::writeMlp(root + "/outside/good.safetensors", {2, 4, 3});
        modescape::test::writeMlp(root + "/set/a.safetensors", {2, 4, 3});
        modescape::test::writeMlp(root + "/set/b.safetensors", {2, 4, 3});
        std::filesystem::create_symlink(root + "/outside/good.safetensors",
                                        root + "/set/link.safetensors");
        const QString set = QString::fromStdString(root + "/set");

        for (const bool answer : {false, true}) {
            MainWindow window;
            QStringList asked;
            window.setOutsideMembersQuestion(
                [&](const QString& folder, const std::vector<modescape::io::ExcludedMember>& out) {
                    asked << folder;
                    for (const auto& e : out)
                        asked << QString::fromStdString(e.name);
                    return answer;
                });
            window.openSet(set);
            waitUntil([&] { return window.setBrowser()->set() && !asked.isEmpty(); });
            QCOMPARE(asked, QStringList({set, "link.safetensors"}));
            // Yes: the set is opened again with the link; no: it stays left out.
            const std::size_t expected = answer ? 3 : 2;
            waitUntil([&] { return window.setBrowser()->set()->members.size() == expected; });
            // Every job the opening started has ended and its callbacks ran.
            do {
                waitUntil([&] { return window.jobRunner()->isIdle(); });
                QVERIFY(drainPostedEvents());
            } while (!window.jobRunner()->isIdle());
            QCOMPARE(asked.size(), 2);  // asked once, not again after the reopening
            QCOMPARE(window.setBrowser()->set()->excluded.size(), std::size_t(answer ? 0 : 1));
        }
    }

    // Issue 13: the "Model and data" dialog, prefilled with what was recognised.
    void modelAndDataDialogIsPrefilledAndChecksItsFields() {
        modescape::io::CheckpointSet set;
        set.folder = "/data/cifar10-resnet18";
        set.model = {modescape::io::ModelSpec::Kind::Builtin, "", "resnet18",
                     R"({"num_classes":10,"norm":"bn"})"};
        set.modelSource = "recognised";
        set.recognition = "resnet18, 10 classes, BatchNorm";
        set.datasets = {{"train", "moons:n=30"}};
        set.defaultNormalization = "mean=0.4914:0.4822:0.4465,std=0.2023:0.1994:0.201";
        ModelAndDataDialog dialog(set, "/data/cifar10-resnet18/modescape.json");
        QCOMPARE(dialog.modelText(), QString("resnet18:norm=bn,num_classes=10"));
        QCOMPARE(dialog.datasetsText(), QString("train=moons:n=30"));
        QCOMPARE(dialog.normalizationText(), QString::fromStdString(set.defaultNormalization));

        dialog.datasetsEdit()->setPlainText("train=moons:n=30\nexam=moons");
        dialog.show();
        dialog.accept();
        QVERIFY(dialog.isVisible());  // refused: stays open and says why
        QVERIFY2(dialog.problem().contains("unknown dataset role 'exam'"),
                 qPrintable(dialog.problem()));

        dialog.datasetsEdit()->setPlainText("train=moons:n=30\n\ntest=moons:n=10\n");
        dialog.modelEdit()->setText("resnet18:num_classes=100");
        const modescape::io::SetOverrides answer = dialog.answer();
        QCOMPARE(answer.model->argsJson, std::string(R"({"num_classes":100})"));
        QCOMPARE(answer.datasets.size(), std::size_t(2));
        QCOMPARE(answer.datasets[1].spec, std::string("moons:n=10"));
        QCOMPARE(*answer.defaultNormalization, set.defaultNormalization);
        dialog.accept();
        QVERIFY(!dialog.isVisible());
    }

    // A set without data opens the dialog; Save writes modescape.json and reopens the set.
    void savingTheDialogWritesTheSidecarAndReopens() {
        QTemporaryDir dir;
        const std::string folder =
            std::filesystem::canonical(dir.path().toStdString()).string() + "/lenet-set";
        std::filesystem::create_directories(folder);
        std::filesystem::copy_file(
            std::string(MODESCAPE_FIXTURES_DIR) + "/models/lenet5.safetensors",
            folder + "/a.safetensors");
        MainWindow window;
        window.openSet(QString::fromStdString(folder));
        ModelAndDataDialog* dialog = nullptr;
        waitUntil([&] { return (dialog = window.findChild<ModelAndDataDialog*>()) != nullptr; });
        QCOMPARE(dialog->modelText(), QString("lenet5:in_channels=1,num_classes=10"));
        QCOMPARE(window.setBrowser()->set()->modelSource, std::string("recognised"));
        auto* title = window.findChild<QLabel*>("setTitle");
        QVERIFY2(title->text().contains("(recognised: lenet5, 10 classes, 1 input channel)"),
                 qPrintable(title->text()));
        dialog->datasetsEdit()->setPlainText("test=moons:n=10");
        dialog->accept();
        waitUntil([&] {
            return window.setBrowser()->set() &&
                   window.setBrowser()->set()->modelSource == "manifest";
        });
        QCOMPARE(window.setBrowser()->set()->datasets.size(), std::size_t(1));
        std::ifstream in(folder + "/modescape.json");
        std::stringstream text;
        text << in.rdbuf();
        QVERIFY2(text.str().find("\"builtin\": \"lenet5\"") != std::string::npos,
                 text.str().c_str());
        do {  // every job and the events it queued are done before "asked once" is checked
            waitUntil([&] { return window.jobRunner()->isIdle(); });
            QVERIFY(drainPostedEvents());
        } while (!window.jobRunner()->isIdle());
        QVERIFY(!window.findChild<ModelAndDataDialog*>());  // asked once
    }

    void theOutsideQuestionNamesEachMemberAndWhereItLeads() {
        modescape::io::ExcludedMember link;
        link.name = "link.safetensors";
        link.path = "/no/such/link.safetensors";
        link.outsideSet = true;
        modescape::io::ExcludedMember odd;
        odd.name = "odd.safetensors";
        const auto outside = membersOutsideSet({odd, link});
        QCOMPARE(outside.size(), std::size_t(1));
        const QString text = outsideMembersQuestionText("/data/set", outside);
        QVERIFY2(text.startsWith("1 checkpoint(s) of the set /data/set lie outside its folder"),
                 qPrintable(text));
        QVERIFY(text.contains("link.safetensors → /no/such/link.safetensors"));
        QVERIFY(text.endsWith("Read them for this session?"));
    }

    // Issue 19.5: a set opens on its overview (groups, counts, bytes, test
    // accuracy per group), and the start page's "open a set" text is gone.
    void aSetOpensOnItsOverview() {
        QTemporaryDir dir;
        forgetSavedLayout();
        MainWindow window;
        window.showStartPage(new ExampleSurfacePage(&window), "Example surface");
        QCOMPARE(tabTitles(window), QStringList({"Example surface"}));
        const auto set = openSmallSet(window, dir);
        QCOMPARE(window.viewTabs()->tabText(window.viewTabs()->currentIndex()),
                 QString("Overview"));
        QVERIFY2(!tabTitles(window).contains("Example surface"),
                 qPrintable(tabTitles(window).join(", ")));

        auto* groups =
            window.viewTabs()->currentWidget()->findChild<QTableWidget*>("overviewGroups");
        QVERIFY(groups);
        QCOMPARE(groups->rowCount(), 2);
        QCOMPARE(groups->item(0, 0)->text(), QString("ensemble"));
        QCOMPARE(groups->item(0, 1)->text(), QString("3"));
        QCOMPARE(groups->item(1, 0)->text(), QString("copies"));
        QCOMPARE(groups->item(1, 1)->text(), QString("1"));
        // The four files have the same tensors, hence the same size: 3 of them, then 1.
        const std::uint64_t bytes = set->members.front().fileBytes;
        QVERIFY(bytes > 1024 && bytes < 10 * 1024 * 1024);  // shown in KiB
        QCOMPARE(groups->item(0, 2)->text(), kib(3 * bytes));
        QCOMPARE(groups->item(1, 2)->text(), kib(bytes));

        // The accuracy column fills in once the members' predictions are in.
        ReliabilityDiagramPage* reliability = window.calibrationViews()->reliabilityPage();
        auto memberRows = [&] {
            const auto* r =
                std::any_cast<modescape::analysis::CalibrateResult>(&reliability->result());
            return r && reliability->resultComplete()
                       ? r->calibrated.report.members
                       : std::vector<modescape::calibration::MemberReport>();
        };
        waitUntil([&] { return memberRows().size() == 4 && groups->item(0, 3)->text() != "…"; });
        double sum = 0, low = 1, high = 0, m1 = -1;
        for (const auto& row : memberRows()) {
            if (row.name.find("copies/") == 0)
                continue;
            sum += row.metrics.accuracy;
            low = std::min(low, row.metrics.accuracy);
            high = std::max(high, row.metrics.accuracy);
            if (row.name.find("/m1") != std::string::npos)
                m1 = row.metrics.accuracy;
        }
        QVERIFY(m1 >= 0);
        QCOMPARE(groups->item(0, 3)->text(),
                 QString("%1 (%2 – %3)").arg(percent(sum / 3), percent(low), percent(high)));
        // m1-copy holds m1's weights: the one-member group scores exactly m1's accuracy.
        QCOMPARE(groups->item(1, 3)->text(), percent(m1));
        auto* note = window.viewTabs()->currentWidget()->findChild<QLabel*>("overviewAccuracyNote");
        QVERIFY2(note->text().contains("200 test points"), qPrintable(note->text()));
        auto* guide = window.viewTabs()->currentWidget()->findChild<QLabel*>("overviewTabs");
        for (const char* tab : {"Landscape", "Map", "Symmetry panels", "Connectivity", "Metrics"})
            QVERIFY2(guide->text().contains(QString("<b>%1</b>").arg(tab)), tab);
        QVERIFY(drainPostedEvents());
        window.grab().save(QString(MODESCAPE_TEST_OUTPUT_DIR) + "/overview.png");
    }

    // The overview's numbers, worked by hand: groups in the order the members
    // name them, counts and bytes summed, accuracy mean / lowest / highest of
    // the rows that name a member (others ignored); no rows, no accuracy.
    void groupSummariesAreWorkedOutPerGroup() {
        modescape::io::CheckpointSet set;
        const char* layout[][2] = {{"b/x", "b"}, {"a/y", "a"}, {"b/z", "b"}, {"c/w", "c"}};
        std::uint64_t bytes = 1000;
        for (const auto& [name, group] : layout) {
            modescape::io::SetMember member;
            member.name = name;
            member.group = group;
            member.fileBytes = bytes;
            bytes += 1000;
            set.members.push_back(member);
        }
        std::vector<modescape::calibration::MemberReport> rows(4);
        const std::pair<const char*, double> accuracies[] = {
            {"b/x", 0.75}, {"b/z", 0.5}, {"a/y", 1.0}, {"gone", 0.1}};
        for (std::size_t i = 0; i < rows.size(); ++i) {
            rows[i].name = accuracies[i].first;
            rows[i].metrics.accuracy = accuracies[i].second;
        }
        const auto groups = summarizeGroups(set, rows);
        QCOMPARE(groups.size(), std::size_t(3));
        QCOMPARE(groups[0].name, std::string("b"));
        QCOMPARE(groups[0].members, std::size_t(2));
        QCOMPARE(groups[0].bytes, std::uint64_t(1000 + 3000));
        QVERIFY(groups[0].accuracy);
        QCOMPARE(groups[0].accuracy->mean, 0.625);  // (0.75 + 0.5) / 2, exact in binary
        QCOMPARE(groups[0].accuracy->lowest, 0.5);
        QCOMPARE(groups[0].accuracy->highest, 0.75);
        QCOMPARE(groups[0].accuracy->members, std::size_t(2));
        QCOMPARE(groups[1].name, std::string("a"));
        QCOMPARE(groups[1].bytes, std::uint64_t(2000));
        QCOMPARE(groups[1].accuracy->mean, 1.0);
        QCOMPARE(groups[2].name, std::string("c"));
        QVERIFY(!groups[2].accuracy);
        QVERIFY(!summarizeGroups(set, {})[0].accuracy);
        QCOMPARE(describeBytes(512), std::string("512 B"));
        QCOMPARE(describeBytes(1536), std::string("1.5 KiB"));
        QCOMPARE(describeBytes(15 * 1024 * 1024), std::string("15 MiB"));
        QVERIFY(!hasModelAndTestSplit(set));
        set.model.kind = modescape::io::ModelSpec::Kind::Builtin;
        set.datasets = {{"train", "moons"}};
        QVERIFY(!hasModelAndTestSplit(set));
        set.datasets.push_back({"test", "moons"});
        QVERIFY(hasModelAndTestSplit(set));
    }

    // Issue 19.5: at the default window size the landscape's Compute and Cancel
    // are in sight, not below the fold of its long form.
    void computeIsInSightAtTheDefaultSize() {
        QTemporaryDir dir;
        forgetSavedLayout();
        MainWindow window;
        QCOMPARE(window.size(), QSize(1280, 800));
        openSmallSet(window, dir);
        const int landscape = tabTitles(window).indexOf("Landscape");
        QVERIFY(landscape >= 0);
        window.viewTabs()->setCurrentIndex(landscape);
        QVERIFY(drainPostedEvents());  // the properties dock lays the form out
        auto* dock = window.findChild<QDockWidget*>("propertiesDock");
        for (const char* name : {"landscape.compute", "landscape.cancel"}) {
            auto* button = dock->findChild<QPushButton*>(name);
            QVERIFY2(button, name);
            const QString problem = outOfSight(button);
            QVERIFY2(problem.isEmpty(), qPrintable(problem));
        }
    }

    // Issue 19.11: the View menu has a checkable entry per tab; a closed tab
    // comes back from it, the same page at the same place.
    void theViewMenuListsAndReopensEveryTab() {
        QTemporaryDir dir;
        forgetSavedLayout();
        MainWindow window;
        openSmallSet(window, dir);
        // The calibration tabs come once the predictions are in: then the tabs stay put.
        waitUntil([&] { return tabTitles(window).contains("Uncertainty"); });
        QMenu* view = nullptr;
        for (QAction* a : window.menuBar()->actions())
            if (a->text().remove('&') == "View")
                view = a->menu();
        QVERIFY(view);
        auto entry = [&](const QString& title) -> QAction* {
            for (QAction* a : view->actions())
                if (a->text() == title && a->isCheckable())
                    return a;
            return nullptr;
        };
        const QStringList titles = tabTitles(window);
        for (const QString& title : titles) {
            QAction* action = entry(title);
            QVERIFY2(action, qPrintable(title + " is not in the View menu"));
            QVERIFY(action->isChecked());
        }
        // The docks' entries stay.
        for (const char* dock : {"Checkpoint set", "Properties", "Jobs and log"})
            QVERIFY2(entry(dock), dock);

        const int at = titles.indexOf("Map");
        QWidget* map = window.viewTabs()->widget(at);
        Q_EMIT window.viewTabs()->tabCloseRequested(at);
        QVERIFY(drainPostedEvents());
        QVERIFY(!tabTitles(window).contains("Map"));
        QAction* reopen = entry("Map");
        QVERIFY2(reopen, "a closed tab left the View menu");
        QVERIFY(!reopen->isChecked());
        reopen->trigger();
        QCOMPARE(tabTitles(window), titles);
        QCOMPARE(window.viewTabs()->widget(at), map);  // the same page, results and all
        QCOMPARE(window.viewTabs()->currentIndex(), at);
        QVERIFY(reopen->isChecked());
        // Unchecking closes it again.
        reopen->trigger();
        QVERIFY(!tabTitles(window).contains("Map"));
    }

    void openingAMissingFolderLogsAndCarriesOn() {
        MainWindow window;
        window.openSet("/no/such/set");
        waitUntil(
            [&] { return window.logModel()->contains("/no/such/set: no such file or folder"); });
        QVERIFY(window.setBrowser()->folder().isEmpty());
    }
};

int main(int argc, char** argv) {
    setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    QApplication::setOrganizationName("ModescapeTests");
    QApplication::setApplicationName("TestMainWindow");
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestMainWindow.moc"
