// Views side by side and seminar mode (issue 15): a split central area shows
// two views at once and comes back from a session with its panes and shares;
// bookmarks are added, renamed, reordered and saved; presentation mode hides
// the window's furniture, steps through three bookmarks with PageDown /
// Right / Space (and back with PageUp), leaving each time the camera of the
// bookmark, and Esc puts the window back as it was; a bookmark of a closed
// view opens it again; presenting hides the panes' headers; a start with
// --present SESSION (startWindow, what `modescape gui` runs) opens the session
// in presentation mode and its first PageDown shows the first bookmark.
#include <QtTest>

#include <QApplication>
#include <QDockWidget>
#include <QMenuBar>
#include <QProcess>
#include <QProgressBar>
#include <QSettings>
#include <QSplitter>
#include <QStandardPaths>
#include <QTabBar>
#include <QTabWidget>
#include <QTemporaryDir>

#include <cmath>
#include <set>

#include "core/session/Session.h"
#include "core/session/ViewSpec.h"
#include "tests/common/EventWait.h"
#include "tests/ui/SmallMlpSet.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/BookmarkPlayer.h"
#include "ui/mainwindow/BookmarksDock.h"
#include "ui/mainwindow/CameraTransition.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/PresentationMode.h"
#include "ui/mainwindow/SessionActions.h"
#include "ui/mainwindow/SessionCamera.h"
#include "ui/mainwindow/ViewPane.h"
#include "ui/mainwindow/ViewSplitter.h"
#include "ui/mainwindow/ViewTabList.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/calibration/CalibrationViews.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/landscape/LandscapePage.h"
#include "ui/views/map/MapPage.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::waitUntil;

namespace {

// Every view of the set is there (the calibration ones follow the
// predictions) and nothing is computing.
void openSetAndWait(MainWindow& window, const QString& set) {
    window.setAsksForModelAndData(false);
    window.openSet(set);
    waitUntil([&] { return window.calibrationViews()->uncertaintyPage() != nullptr; });
    waitUntil([&] { return window.jobRunner()->isIdle(); });
}

// The placed camera is read back from VTK, which stores the doubles it is
// given (view-up normalised: the bookmarks' view-ups are unit vectors), so
// only rounding of that normalisation may differ: 1e-12 is far above it and
// far below any step of a transition.
bool sameCamera(const session::Camera& a, const session::Camera& b) {
    constexpr double kTolerance = 1e-12;
    for (int i = 0; i < 3; ++i)
        if (std::abs(a.position[i] - b.position[i]) > kTolerance ||
            std::abs(a.focalPoint[i] - b.focalPoint[i]) > kTolerance ||
            std::abs(a.viewUp[i] - b.viewUp[i]) > kTolerance)
            return false;
    return std::abs(a.viewAngle - b.viewAngle) <= kTolerance && a.parallel == b.parallel;
}

std::set<QString> idsIn(const QSignalSpy& spy) {
    std::set<QString> ids;
    for (const auto& arguments : spy)
        ids.insert(arguments.at(0).toString());
    return ids;
}

}  // namespace

class TestSeminarMode : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QVERIFY(dir_.isValid());
        set_ = QFileInfo(dir_.filePath("set")).absoluteFilePath();
        test::writeSmallMlpSet(set_);
        set_ = QFileInfo(set_).canonicalFilePath();
    }

    void cameraTransitionEndsExactlyOnItsTarget() {
        const session::Camera a{{0, -3, 0}, {0, 0, 0}, {0, 0, 1}, 30, false, 1};
        const session::Camera b{{2, 0, 1}, {1, 0, 1}, {0, 1, 0}, 20, false, 1};
        QVERIFY(interpolateCamera(a, b, 0) == a);
        QVERIFY(interpolateCamera(a, b, 1) == b);
        // Halfway: the focal point halfway along its line, (0.5, 0, 0.5); the
        // offset from it turns half of the right angle from -y towards +x (45
        // degrees) at the mean distance (3 + 1) / 2 = 2; the view-up lies
        // halfway between z and y. 1e-12: a few roundings of sines and sums.
        const session::Camera half = interpolateCamera(a, b, 0.5);
        const double s = std::sqrt(0.5);
        QCOMPARE(half.focalPoint, (std::array<double, 3>{0.5, 0, 0.5}));
        QVERIFY(std::abs(half.position[0] - (0.5 + 2 * s)) < 1e-12);
        QVERIFY(std::abs(half.position[1] - (-2 * s)) < 1e-12);
        QVERIFY(std::abs(half.position[2] - 0.5) < 1e-12);
        QVERIFY(std::abs(half.viewUp[1] - s) < 1e-12 && std::abs(half.viewUp[2] - s) < 1e-12);
        QCOMPARE(half.viewAngle, 25.0);
    }

    void splitShowsTwoViewsAtOnce() {
        MainWindow window;
        window.resize(1200, 800);
        window.show();
        test::waitForExposed(window);
        openSetAndWait(window, set_);
        auto* landscape = window.viewTabs()->findChild<LandscapePage*>();
        auto* map = window.viewTabs()->findChild<MapPage*>();
        QVERIFY(landscape && map);
        window.viewTabs()->setCurrentWidget(landscape);

        ViewPane* pane = window.viewSplitter()->split(Qt::Horizontal);
        pane->setView(map);
        QCoreApplication::processEvents();              // layouts settle
        QCOMPARE(window.viewTabs()->indexOf(map), -1);  // taken out of the tabs
        QVERIFY(landscape->isVisible() && map->isVisible());
        QVERIFY(landscape->width() > 0 && landscape->height() > 0);
        QVERIFY(map->width() > 0 && map->height() > 0);
        // Side by side: the map lies right of the landscape, not over it.
        const QRect left(landscape->mapTo(&window, QPoint(0, 0)), landscape->size());
        const QRect right(map->mapTo(&window, QPoint(0, 0)), map->size());
        QVERIFY(!left.intersects(right));
        QVERIFY(right.left() >= left.right());
        QVERIFY(window.viewSplitter()->paneViews() == QList<QWidget*>{map});

        // The selection stays one for the set: a pick on the map in its pane
        // reaches the browser (and through it every view).
        Q_EMIT map->selectionChanged({"ensemble/m1.safetensors"});
        QCOMPARE(window.setBrowser()->selectedMembers(), QStringList{"ensemble/m1.safetensors"});

        // Closing the pane puts the map back among the tabs; the split is gone.
        window.viewSplitter()->closePane(pane);
        QVERIFY(window.viewTabs()->indexOf(map) >= 0);
        QVERIFY(window.viewSplitter()->panes().isEmpty());
        QCOMPARE(window.viewSplitter()->layout([](QWidget*) { return std::string(); }),
                 nlohmann::json());
        waitUntil([&] { return window.jobRunner()->isIdle(); });
    }

    void sessionKeepsBookmarksAndSplitLayout() {
        const QString first = dir_.filePath("split.modescape");
        const QString second = dir_.filePath("split-again.modescape");
        const session::Camera camera{{0.5, -2, 1.5}, {0, 0, 0.25}, {0, 0, 1}, 25, false, 1};
        {
            MainWindow window;
            openSetAndWait(window, set_);
            auto* landscape = window.viewTabs()->findChild<LandscapePage*>();
            auto* map = window.viewTabs()->findChild<MapPage*>();
            ReliabilityDiagramPage* reliability = window.calibrationViews()->reliabilityPage();
            QVERIFY(landscape && map && reliability);
            window.viewTabs()->setCurrentWidget(landscape);
            ViewSplitter* splitter = window.viewSplitter();
            splitter->setActivePane(window.viewTabs());
            splitter->split(Qt::Horizontal)->setView(map);        // the map right of the tabs,
            splitter->split(Qt::Vertical)->setView(reliability);  // the diagram below the map

            // Bookmarks: the landscape with a camera, then the map; renamed, reordered.
            placeCamera(*landscape->cameraView(), camera);
            splitter->setActivePane(window.viewTabs());
            BookmarksDock* dock = window.bookmarksDock();
            QCOMPARE(dock->addShownView("Surface"), 0);
            splitter->setActivePane(splitter->panes().at(0));
            QCOMPARE(dock->addShownView(), 1);
            QCOMPARE(dock->bookmarks()[1].name, std::string("Bookmark 2"));
            dock->rename(1, "The map");
            dock->move(1, 0);
            dock->rename(0, "  ");  // refused: a bookmark keeps a name
            QCOMPARE(dock->bookmarks()[0].name, std::string("The map"));
            QCOMPARE(dock->bookmarks()[0].view, std::string("project"));
            QCOMPARE(dock->bookmarks()[1].view, std::string("landscape"));
            QVERIFY(dock->bookmarks()[1].camera == camera);
            QVERIFY(window.sessions()->saveSession(first));
        }
        session::Session saved = session::readSession(first.toStdString());
        QCOMPARE(saved.bookmarks.size(), std::size_t(2));
        QCOMPARE(saved.bookmarks[0].name, std::string("The map"));
        QCOMPARE(saved.bookmarks[1].name, std::string("Surface"));
        const nlohmann::json expected = {
            {"orientation", "horizontal"},
            {"sizes", {0.5, 0.5}},
            {"panes",
             {{{"tabs", true}},
              {{"orientation", "vertical"},
               {"sizes", {0.5, 0.5}},
               {"panes", {{{"view", "project"}}, {{"view", "calibrate"}}}}}}}};
        QCOMPARE(saved.layout.split.dump(), expected.dump());
        // Shares as a user left them by dragging: they must come back as written.
        saved.layout.split["sizes"] = {0.25, 0.75};
        saved.layout.split["panes"][1]["sizes"] = {0.625, 0.375};
        session::writeSession(first.toStdString(), saved);

        {
            MainWindow window;
            window.setAsksForModelAndData(false);
            QSignalSpy restored(window.sessions(), &SessionActions::viewRestored);
            QVERIFY(window.sessions()->openSession(first));
            waitUntil([&] { return idsIn(restored).size() == saved.views.size(); });
            waitUntil([&] { return window.viewSplitter()->panes().size() == 2; });
            waitUntil([&] { return window.jobRunner()->isIdle(); });
            QVERIFY(window.viewSplitter()->paneViews() ==
                    (QList<QWidget*>{window.findChild<MapPage*>(),
                                     window.calibrationViews()->reliabilityPage()}));
            QCOMPARE(window.bookmarksDock()->bookmarks().size(), std::size_t(2));
            QVERIFY(window.sessions()->saveSession(second));
        }
        const session::Session again = session::readSession(second.toStdString());
        QCOMPARE(again.layout.split.dump(), saved.layout.split.dump());
        QVERIFY(again.bookmarks == saved.bookmarks);
        QCOMPARE(again.views.size(), saved.views.size());
    }

    void presentationStepsThroughBookmarks() {
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        test::waitForExposed(window);
        openSetAndWait(window, set_);
        auto* landscape = window.viewTabs()->findChild<LandscapePage*>();
        QVERIFY(landscape);
        landscape->form()->setValues({{"grid", "-0.5:0.5:5,-0.5:0.5:5"}});
        QVERIFY(landscape->compute() > 0);
        waitUntil([&] { return !landscape->isComputing() && window.jobRunner()->isIdle(); });
        window.viewTabs()->setCurrentIndex(0);  // the overview: the first step changes the tab

        // Three bookmarks of the landscape; the third with another seed, so
        // showing it computes, and its camera is placed again after the result.
        const nlohmann::json values = landscape->form()->rawValues();
        nlohmann::json reseeded = values;
        reseeded["seed"] = 11;
        const std::vector<session::Bookmark> bookmarks = {
            {"Front",
             "landscape",
             values,
             session::Camera{{0, -4, 1}, {0, 0, 0}, {0, 0, 1}, 30, false, 1},
             {}},
            {"Side",
             "landscape",
             values,
             session::Camera{{3, 0.5, 2}, {0.25, 0, 0.5}, {0, 0, 1}, 24, false, 1},
             {}},
            {"Top",
             "landscape",
             reseeded,
             session::Camera{{0, 0, 5}, {0, 0, 0}, {0, 1, 0}, 30, false, 1},
             {}}};
        BookmarksDock* dock = window.bookmarksDock();
        dock->setBookmarks(bookmarks);
        CameraTransition* transition = dock->player()->transition();
        QVERIFY(transition->duration() > 0);  // a real animation, driven to its end below

        auto* browserDock = window.findChild<QDockWidget*>("setBrowserDock");
        QVERIFY(browserDock && browserDock->isVisible());
        const double pointSize = window.font().pointSizeF();
        PresentationMode* presentation = window.presentation();
        presentation->enter();
        QVERIFY(presentation->isActive());
        QVERIFY(window.windowState() & Qt::WindowFullScreen);
        QVERIFY(!window.menuBar()->isVisible());
        QVERIFY(!browserDock->isVisible() && !dock->isVisible());
        QVERIFY(!window.viewTabs()->tabBar()->isVisible());
        QCOMPARE(window.font().pointSizeF(), pointSize * PresentationMode::kFontScale);

        // The third bookmark's job: the progress line shows when it is queued
        // (the window's own connection to the runner ran first) and hides after.
        int jobsQueued = 0;
        bool progressShownForJob = false;
        connect(window.jobRunner(), &JobRunner::jobQueued, this, [&] {
            ++jobsQueued;
            progressShownForJob = presentation->progressLine()->isVisible();
        });
        const int keys[] = {Qt::Key_PageDown, Qt::Key_Right, Qt::Key_Space};
        for (int i = 0; i < 3; ++i) {
            QTest::keyClick(&window, Qt::Key(keys[i]));
            QCOMPARE(dock->currentIndex(), i);
            QCOMPARE(window.viewTabs()->currentWidget(), landscape);
            QVERIFY(transition->isRunning());  // moving, not jumping
            transition->finish();
            waitUntil([&] { return !landscape->isComputing() && window.jobRunner()->isIdle(); });
            QVERIFY2(sameCamera(cameraOf(*landscape->cameraView()), *bookmarks[i].camera),
                     bookmarks[i].name.c_str());
        }
        QCOMPARE(landscape->resultValues()["seed"], 11);  // the third bookmark's result
        QCOMPARE(jobsQueued, 1);  // the first two showed the result they had
        QVERIFY(progressShownForJob);
        waitUntil([&] { return !presentation->progressLine()->isVisible(); });
        QVERIFY(!window.findChild<QDockWidget*>("jobsDock")->isVisible());
        QTest::keyClick(&window, Qt::Key_PageDown);  // the last stays the last
        QCOMPARE(dock->currentIndex(), 2);
        transition->finish();
        QTest::keyClick(&window, Qt::Key_PageUp);
        QCOMPARE(dock->currentIndex(), 1);
        transition->finish();
        waitUntil([&] { return !landscape->isComputing() && window.jobRunner()->isIdle(); });
        QVERIFY(sameCamera(cameraOf(*landscape->cameraView()), *bookmarks[1].camera));

        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(!presentation->isActive());
        QVERIFY(!(window.windowState() & Qt::WindowFullScreen));
        QVERIFY(window.menuBar()->isVisible());
        QVERIFY(browserDock->isVisible() && dock->isVisible());
        QVERIFY(window.viewTabs()->tabBar()->isVisible());
        QCOMPARE(window.font().pointSizeF(), pointSize);
        // Outside presentation mode the keys are the views' again.
        QTest::keyClick(&window, Qt::Key_PageDown);
        QCOMPARE(dock->currentIndex(), 1);
        QVERIFY(window.findChild<QAction*>("presentationModeAction")->shortcut() ==
                QKeySequence(Qt::Key_F11));
    }

    // A bookmark of a view whose tab was closed opens that view again, with
    // the bookmark's parameters, instead of only saying it is not open.
    void bookmarkReopensItsClosedView() {
        MainWindow window;
        openSetAndWait(window, set_);
        auto* map = window.viewTabs()->findChild<MapPage*>();
        QVERIFY(map);
        nlohmann::json values = map->form()->rawValues();
        values["seed"] = 5;  // not the page's value: seen only if the bookmark's state is applied
        QVERIFY(map->form()->rawValues()["seed"] != 5);
        const int index = window.viewTabs()->indexOf(map);
        QVERIFY(index >= 0);
        window.viewTabList()->close(index);
        QCOMPARE(window.viewTabs()->indexOf(map), -1);

        const session::Bookmark bookmark{"Map again", "project", values, std::nullopt, {}};
        QVERIFY(window.bookmarksDock()->player()->show(bookmark));
        QVERIFY(window.viewTabs()->indexOf(map) >= 0);
        QCOMPARE(window.viewTabs()->currentWidget(), map);
        QCOMPARE(map->form()->rawValues()["seed"], 5);
        waitUntil([&] { return window.jobRunner()->isIdle(); });

        // An id no page of the window can take is refused.
        const session::Bookmark unknown{"Gone", "hessian-7", values, std::nullopt, {}};
        QVERIFY(!window.bookmarksDock()->player()->show(unknown));
    }

    // Presenting shows the views alone: the split panes' headers (view
    // choice, close button) hide, also on a pane made while presenting, and
    // come back on leaving.
    void presentationHidesPaneHeaders() {
        MainWindow window;
        window.resize(1000, 700);
        window.show();
        test::waitForExposed(window);
        openSetAndWait(window, set_);
        ViewSplitter* splitter = window.viewSplitter();
        ViewPane* first = splitter->split(Qt::Horizontal);
        auto* header = first->findChild<QWidget*>("viewPaneHeader");
        QCoreApplication::processEvents();  // the new pane is laid out
        QVERIFY(header && header->isVisibleTo(first));

        window.presentation()->enter();
        QVERIFY(!header->isVisibleTo(first));
        QVERIFY(!first->isHeaderVisible());
        splitter->setActivePane(first);
        ViewPane* second = splitter->split(Qt::Vertical);
        QVERIFY(!second->isHeaderVisible());
        QVERIFY(!second->findChild<QWidget*>("viewPaneHeader")->isVisibleTo(second));

        window.presentation()->leave();
        QVERIFY(header->isVisibleTo(first));
        QVERIFY(first->isHeaderVisible() && second->isHeaderVisible());
        waitUntil([&] { return window.jobRunner()->isIdle(); });
    }

    // `modescape gui --present SESSION`: the start opens the session and
    // enters presentation mode; the session's bookmarks are the steps.
    void presentOpensTheSessionInPresentationMode() {
        const auto set = io::openCheckpointSet(set_.toStdString(), {});
        session::Session script;
        script.set.path = set_.toStdString();
        script.views.push_back(
            session::parseViewSpec("landscape:grid=-0.5:0.5:3,-0.5:0.5:3,seed=6", script, &set));
        const session::Camera camera{{1, -3, 2}, {0, 0, 0.25}, {0, 0, 1}, 28, false, 1};
        nlohmann::json values = script.views[0].parameters;
        script.bookmarks = {{"Opening", "landscape", values, camera, {}}};
        script.views[0].display = {{"view", "surface"}};
        const QString file = dir_.filePath("talk.modescape");
        session::writeSession(file.toStdString(), script);

        MainWindow window;
        window.setAsksForModelAndData(false);
        QSignalSpy restored(window.sessions(), &SessionActions::viewRestored);
        GuiStart start;
        start.set = file;
        start.present = true;
        startWindow(window, start);
        QVERIFY(window.presentation()->isActive());
        QVERIFY(window.windowState() & Qt::WindowFullScreen);
        QVERIFY(!window.menuBar()->isVisible());
        waitUntil([&] { return idsIn(restored).count("landscape") > 0; });
        waitUntil([&] { return window.jobRunner()->isIdle(); });
        auto* landscape = window.viewTabs()->findChild<LandscapePage*>();
        QVERIFY(landscape);
        QCOMPARE(landscape->form()->rawValues()["seed"], 6);
        QCOMPARE(window.bookmarksDock()->bookmarks().size(), std::size_t(1));
        QTest::keyClick(&window, Qt::Key_PageDown);
        QCOMPARE(window.bookmarksDock()->currentIndex(), 0);
        window.bookmarksDock()->player()->transition()->finish();
        waitUntil([&] { return !landscape->isComputing() && window.jobRunner()->isIdle(); });
        QVERIFY(sameCamera(cameraOf(*landscape->cameraView()), camera));
        QTest::keyClick(&window, Qt::Key_Escape);
        QVERIFY(!window.presentation()->isActive());
        QVERIFY(window.menuBar()->isVisible());
    }

    void presentNeedsASessionFile() {
        QProcess process;
        process.start(MODESCAPE_EXE, {"gui", "--present", set_});
        QVERIFY(test::finishProcess(process));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("--present: needs a session file"));
    }
};

int runMapSessionStateTests(int argc, char** argv);  // TestMapSessionState.cpp

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestSeminarMode test;
    const int seminar = QTest::qExec(&test, argc, argv);
    return seminar | runMapSessionStateTests(argc, argv);
}
#include "TestSeminarMode.moc"
