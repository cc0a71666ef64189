// The main window: docks, menus, persistence, image export, and a screenshot.
#include <QtTest>

#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
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

#include "core/io/set/CheckpointSet.h"
#include "tests/common/EventWait.h"
#include "tests/io/TestCheckpointSetFixtures.h"
#include "tests/ui/ViewGeometry.h"
#include "ui/GuiApplication.h"
#include "ui/jobs/JobRunner.h"
#include "ui/log/LogModel.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/ModelAndDataDialog.h"
#include "ui/mainwindow/OutsideMembersQuestion.h"
#include "ui/rendering/Colormaps.h"
#include "ui/rendering/VtkView.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/ExampleSurfacePage.h"

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
