// The 2-D map's display state in sessions, bookmarks and `render` (issue 15):
// its zoom (the data rectangle shown) and its labels ("Label by") are saved
// in the session, come back exactly on opening it, are kept by bookmarks and
// brought back when presentation mode steps to them (also when the bookmark's
// parameters make the map compute again), and `render` draws only the points
// inside the saved window, their labels as SVG <text>, the PNG equal to the
// window's export. Run by test_ui_seminar, on the two-moons set with the
// metadata column "seed" (tests/common/MoonsSet.h).
#include <QtTest>

#include <QDir>
#include <QTabWidget>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/session/Session.h"
#include "tests/common/EventWait.h"
#include "tests/common/FigureFileChecks.h"
#include "tests/common/MoonsSet.h"
#include "tests/common/RunModescape.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/BookmarkPlayer.h"
#include "ui/mainwindow/BookmarksDock.h"
#include "ui/mainwindow/CameraTransition.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/PresentationMode.h"
#include "ui/mainwindow/SessionActions.h"
#include "ui/mainwindow/SessionFigures.h"
#include "ui/rendering/FigureSize.h"
#include "ui/views/calibration/CalibrationViews.h"
#include "ui/views/map/MapCanvas.h"
#include "ui/views/map/MapPage.h"
#include "ui/views/map/MapSettingsForm.h"
#include "ui/views/map/MapView.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::exitCodeOf;
using modescape::test::waitUntil;

namespace {

void openSetAndWait(MainWindow& window, const QString& set) {
    window.setAsksForModelAndData(false);
    window.openSet(set);
    waitUntil([&] { return window.calibrationViews()->uncertaintyPage() != nullptr; });
    waitUntil([&] { return window.jobRunner()->isIdle(); });
}

void computeAndWait(MainWindow& window, AnalysisPage& page) {
    QVERIFY(page.compute() > 0);
    waitUntil([&] { return !page.isComputing() && window.jobRunner()->isIdle(); });
}

// The same rectangle, to the last bit (JSON doubles round-trip exactly).
bool sameWindow(const std::optional<PlotRange>& a, const PlotRange& b) {
    return a && a->x0 == b.x0 && a->x1 == b.x1 && a->y0 == b.y0 && a->y1 == b.y1;
}

}  // namespace

class TestMapSessionState : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        set_ = dir_.filePath("moons");
        test::writeMoonsSet(set_.toStdString(), /*seedMetadata=*/true);
    }

    // Zoom and labels -> save -> open in a new window -> the same rectangle
    // and labels; a double click shows all points again and the session then
    // keeps no window.
    void zoomAndLabelsComeBackFromASession() {
        const QString file = dir_.filePath("zoomed.modescape");
        PlotRange zoomed;
        {
            MainWindow window;
            openSetAndWait(window, set_);
            auto* map = window.findChild<MapPage*>();
            QVERIFY(map);
            computeAndWait(window, *map);
            QVERIFY(map->displayForm()->setLabelWord("meta:seed"));
            QCOMPARE(map->mapView()->model().labelOf(2), QString("2"));
            MapCanvas* canvas = map->mapView()->canvas();
            canvas->resize(800, 600);
            canvas->zoomAt(QPointF(300, 250), 0.5);  // as a wheel turn does
            QVERIFY(canvas->window());
            zoomed = *canvas->window();
            QVERIFY(window.sessions()->saveSession(file));
        }
        const session::Session saved = session::readSession(file.toStdString());
        const auto view = std::find_if(saved.views.begin(), saved.views.end(),
                                       [](const session::View& v) { return v.id == "project"; });
        QVERIFY(view != saved.views.end());
        QCOMPARE(view->display["label_by"], "meta:seed");
        QCOMPARE(view->display["window"]["x"][0].get<double>(), zoomed.x0);
        QCOMPARE(view->display["window"]["y"][1].get<double>(), zoomed.y1);

        MainWindow window;
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.setAsksForModelAndData(false);
        QSignalSpy restored(window.sessions(), &SessionActions::viewRestored);
        QVERIFY(window.sessions()->openSession(file));
        waitUntil([&] {
            return std::any_of(restored.begin(), restored.end(), [](const QList<QVariant>& a) {
                return a.at(0).toString() == "project";
            });
        });
        waitUntil([&] { return window.jobRunner()->isIdle(); });
        auto* map = window.findChild<MapPage*>();
        QVERIFY(map);
        QCOMPARE(map->displayForm()->labelWord(), QString("meta:seed"));
        computeAndWait(window, *map);  // the cache is off in tests: the map is computed again
        MapCanvas* canvas = map->mapView()->canvas();
        QVERIFY(sameWindow(canvas->window(), zoomed));
        QCOMPARE(map->mapView()->model().labelOf(1), QString("1"));
        QCOMPARE(map->displaySettings()["window"]["x"][1].get<double>(), zoomed.x1);

        QTest::mouseDClick(canvas, Qt::LeftButton, {}, canvas->rect().center());
        QVERIFY(!canvas->window());
        QVERIFY(!map->displaySettings().contains("window"));
        QCOMPARE(map->displaySettings()["label_by"], "meta:seed");
    }

    // Bookmarks keep the map's zoom: presentation mode's steps show each
    // bookmark's rectangle, none (all points) for a bookmark made unzoomed,
    // and the rectangle again after a bookmark whose parameters compute anew.
    void bookmarksKeepTheMapsZoom() {
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        openSetAndWait(window, set_);
        auto* map = window.findChild<MapPage*>();
        QVERIFY(map);
        window.viewTabs()->setCurrentWidget(map);
        computeAndWait(window, *map);
        MapCanvas* canvas = map->mapView()->canvas();
        const PlotRange all = MapFigure::dataRange(map->mapView()->model());
        const PlotRange a{all.x0, (all.x0 + all.x1) / 2, all.y0, (all.y0 + all.y1) / 2};
        const PlotRange b{(all.x0 + all.x1) / 2, all.x1, all.y0, all.y1};

        BookmarksDock* dock = window.bookmarksDock();
        canvas->setWindow(a);
        QCOMPARE(dock->addShownView("Corner"), 0);
        canvas->resetZoom();
        QCOMPARE(dock->addShownView("All"), 1);
        QVERIFY(dock->bookmarks()[0].display.contains("window"));
        QVERIFY(!dock->bookmarks()[1].display.contains("window"));
        // The third: the right half of the MDS map, a new map computed when
        // shown (its result resets the zoom; the bookmark's window goes on it).
        std::vector<session::Bookmark> bookmarks = dock->bookmarks();
        session::Bookmark mds = bookmarks[0];
        mds.name = "Right half, MDS";
        mds.parameters["method"] = "mds";
        mds.display["window"] = {{"x", {b.x0, b.x1}}, {"y", {b.y0, b.y1}}};
        bookmarks.push_back(mds);
        dock->setBookmarks(bookmarks);

        PresentationMode* presentation = window.presentation();
        presentation->enter();
        const PlotRange* expected[] = {&a, nullptr, &b};
        for (int i = 0; i < 3; ++i) {
            QTest::keyClick(&window, Qt::Key_PageDown);
            QCOMPARE(dock->currentIndex(), i);
            dock->player()->transition()->finish();
            waitUntil([&] { return !map->isComputing() && window.jobRunner()->isIdle(); });
            if (expected[i])
                QVERIFY2(sameWindow(canvas->window(), *expected[i]),
                         dock->bookmarks()[std::size_t(i)].name.c_str());
            else
                QVERIFY(!canvas->window());
        }
        QCOMPARE(map->resultValues()["method"], "mds");  // the third bookmark's own result
        QCOMPARE(map->mapView()->model().projection().method, std::string("mds"));
        QTest::keyClick(&window, Qt::Key_PageUp);
        QVERIFY(!canvas->window());
        waitUntil([&] { return !map->isComputing() && window.jobRunner()->isIdle(); });
        QVERIFY(!canvas->window());
        presentation->leave();
    }

    // A map labelled by name, rendered as it is and zoomed on g/m0: `render`
    // labels all three members on the first figure and only g/m0 on the
    // zoomed one (the others lie outside its window), as SVG <text>; the
    // zoomed PNG equals the window's File > Export image of the same view.
    void renderDrawsOnlyThePointsInsideTheWindow() {
        const QString all = dir_.filePath("labelled.modescape");
        QCOMPARE(exitCodeOf({"session", "init", set_, "--out", all, "--view", "project"}), 0);
        session::Session session = session::readSession(all.toStdString());
        QCOMPARE(session.views.size(), std::size_t(1));
        session.views[0].display = {{"label_by", "name"}};
        session::writeSession(all.toStdString(), session);
        PlotRange window;
        {  // m0's place on the map, from the window's own computation
            MainWindow mainWindow;
            SessionFigures figures(mainWindow);
            figures.open(session);
            figures.compute("project");
            const auto& p =
                dynamic_cast<MapPage&>(figures.page("project")).mapView()->model().projection();
            QCOMPARE(p.members.size(), std::size_t(3));
            QCOMPARE(p.members[0], std::string("g/m0.safetensors"));
            const auto& c = p.coordinates;
            double nearest = std::numeric_limits<double>::infinity();
            for (int j = 1; j < 3; ++j)
                nearest = std::min(
                    nearest, std::max(std::abs(c(j, 0) - c(0, 0)), std::abs(c(j, 1) - c(0, 1))));
            const double d = 0.4 * nearest;  // every other point is outside
            window = {c(0, 0) - d, c(0, 0) + d, c(0, 1) - d, c(0, 1) + d};
        }
        const QString zoomedFile = dir_.filePath("zoomed-on-m0.modescape");
        session.views[0].display["window"] = {{"x", {window.x0, window.x1}},
                                              {"y", {window.y0, window.y1}}};
        session::writeSession(zoomedFile.toStdString(), session);
        const QString outAll = dir_.filePath("labelled"), out = dir_.filePath("zoomed-on-m0");
        QCOMPARE(exitCodeOf({"render", all, "--out", outAll, "--format", "svg"}), 0);
        QCOMPARE(exitCodeOf({"render", zoomedFile, "--out", out, "--format", "png,svg"}), 0);

        const auto svgIn = [&](const QString& folder) {
            QFile svg(QDir(folder).filePath("project.svg"));
            return svg.open(QIODevice::ReadOnly) ? svg.readAll() : QByteArray();
        };
        // Labelled by the members' file stems (g/m0.safetensors -> "m0").
        const QStringList names{"m0", "m1", "m2"};
        QCOMPARE(test::labelsNotSvgText(svgIn(outAll), names), QString());
        const QByteArray zoomed = svgIn(out);
        QCOMPARE(test::labelsNotSvgText(zoomed, {names[0]}), QString());
        QCOMPARE(test::labelsNotSvgText(zoomed, {names[1], names[2]}), names.mid(1).join(", "));

        MainWindow mainWindow;
        SessionFigures figures(mainWindow);
        figures.open(session::readSession(zoomedFile.toStdString()));
        figures.compute("project");
        const QSize pixels(800, 600);  // render's default size
        figures.layOut("project", figureViewSize(pixels));
        auto& map = dynamic_cast<MapPage&>(figures.page("project"));
        QVERIFY(sameWindow(map.mapView()->canvas()->window(), window));
        const QString exported = dir_.filePath("gui-zoomed-on-m0.png");
        QVERIFY(mainWindow.exportCurrentView(exported, FigureSize::fromPixels(pixels), false));
        const QImage rendered(QDir(out).filePath("project.png"));
        QCOMPARE(rendered.size(), pixels);
        QVERIFY(rendered.convertToFormat(QImage::Format_ARGB32) ==
                QImage(exported).convertToFormat(QImage::Format_ARGB32));
    }
};

int runMapSessionStateTests(int argc, char** argv) {
    TestMapSessionState test;
    return QTest::qExec(&test, argc, argv);
}

#include "TestMapSessionState.moc"
