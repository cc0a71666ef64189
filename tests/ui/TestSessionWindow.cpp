// Sessions in the window (issue 15): a session saved from one window and
// opened in a new one shows the same views, parameters, display settings,
// camera and bookmarks; and a `modescape gui` process killed with SIGKILL
// leaves an autosave that the next start (startWindow, what `modescape gui`
// runs) offers and restores; the autosave runs every minute by default.
#include <QtTest>

#include <QApplication>
#include <QDir>
#include <QMenu>
#include <QProcess>
#include <QScopeGuard>
#include <QSettings>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>

#include <set>

#include "core/session/Session.h"
#include "core/session/ViewSpec.h"
#include "tests/common/EventWait.h"
#include "tests/common/ResultCacheOn.h"
#include "tests/ui/SmallMlpSet.h"
#include "ui/GuiApplication.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/jobs/JobRunner.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionActions.h"
#include "ui/mainwindow/SessionCamera.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/calibration/CalibrationViews.h"
#include "ui/views/landscape/LandscapePage.h"
#include "ui/views/map/MapPage.h"

using namespace modescape;
using namespace modescape::ui;
using modescape::test::waitForSignals;
using modescape::test::waitUntil;

namespace {

// The ids restored so far, from a SessionActions::viewRestored spy.
std::set<QString> idsIn(const QSignalSpy& spy) {
    std::set<QString> ids;
    for (const auto& arguments : spy)
        ids.insert(arguments.at(0).toString());
    return ids;
}

// The session's views, each with the members it must hold to be the same view.
void compareViews(const session::Session& a, const session::Session& b) {
    QCOMPARE(a.views.size(), b.views.size());
    for (std::size_t i = 0; i < a.views.size(); ++i) {
        const auto& x = a.views[i];
        const auto& y = b.views[i];
        QCOMPARE(x.id, y.id);
        QCOMPARE(x.analysis, y.analysis);
        QCOMPARE(x.parameters.dump(), y.parameters.dump());
        QCOMPARE(x.display.dump(), y.display.dump());
        QCOMPARE(x.colourBy, y.colourBy);
        QVERIFY2(x.camera == y.camera, x.id.c_str());
    }
}

}  // namespace

class TestSessionWindow : public QObject {
    Q_OBJECT
  private:
    QTemporaryDir dir_;
    QString set_;

  private Q_SLOTS:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        qunsetenv("MODESCAPE_AUTOSAVE_MS");  // the default interval is checked below
        qunsetenv("MODESCAPE_RESTORE_AUTOSAVE");
        QVERIFY(dir_.isValid());
        set_ = QFileInfo(dir_.filePath("set")).absoluteFilePath();
        test::writeSmallMlpSet(set_);
        set_ = QFileInfo(set_).canonicalFilePath();
    }

    void savedSessionOpensTheSameViewsInANewWindow() {
        const QString first = dir_.filePath("first.modescape");
        const QString second = dir_.filePath("second.modescape");
        const session::Camera camera{
            {0.75, -2.5, 1.25}, {0.125, 0.25, 0.5}, {0, 0, 1}, 22.5, false, 1};
        {
            MainWindow window;
            window.setAsksForModelAndData(false);
            // "Autosave every minute": the window's timer, without MODESCAPE_AUTOSAVE_MS.
            QCOMPARE(window.sessions()->autosaveInterval(), 60 * 1000);
            window.openSet(set_);
            // Every view of the set, the calibration ones (after its predictions) included.
            waitUntil([&] { return window.calibrationViews()->uncertaintyPage() != nullptr; });
            waitUntil([&] { return window.jobRunner()->isIdle(); });
            auto* landscape = window.viewTabs()->findChild<LandscapePage*>();
            auto* map = window.viewTabs()->findChild<MapPage*>();
            QVERIFY(landscape && map);
            window.setBrowser()->selectMembers(
                {"ensemble/m2.safetensors", "ensemble/m3.safetensors"});
            landscape->form()->setValues({{"directions", "plane"},
                                          {"direction-members",
                                           {"ensemble/m1.safetensors", "ensemble/m2.safetensors",
                                            "ensemble/m3.safetensors"}},
                                          {"grid", "-0.5:0.5:5,-0.25:0.25:3"},
                                          {"seed", 7}});
            // The 3-D surface: the view with a camera (the contour map is painted).
            landscape->applyDisplaySettings({{"view", "surface"}});
            placeCamera(*landscape->cameraView(), camera);
            map->form()->setValues({{"method", "tsne"}, {"seed", 3}});
            map->applyColourBy("nll");
            window.viewTabs()->setCurrentWidget(map);
            QVERIFY(window.sessions()->saveSession(first));
            QCOMPARE(window.sessions()->recentSessions().value(0), first);
            // File > Open recent session lists it.
            auto* recent = window.findChild<QMenu*>("recentSessionsMenu");
            QVERIFY(recent && recent->isEnabled());
            QCOMPARE(recent->actions().value(0)->text(), first);
            QVERIFY(window.findChild<QAction*>("saveSessionAction"));
            QVERIFY(window.findChild<QAction*>("openSessionAction"));
        }
        // A script adds bookmarks (the window's own are in tests/ui/TestSeminarMode.cpp).
        session::Session saved = session::readSession(first.toStdString());
        saved.bookmarks = {
            {"Plane", "landscape", {{"seed", 8}}, camera, {"ensemble/m1.safetensors"}},
            {"Map", "project", nlohmann::json::object(), std::nullopt, {}}};
        session::writeSession(first.toStdString(), saved);

        // What was set above is in the file.
        const session::View* landscapeView = nullptr;
        for (const auto& view : saved.views)
            if (view.id == "landscape")
                landscapeView = &view;
        QVERIFY(landscapeView);
        QCOMPARE(landscapeView->parameters["seed"], 7);
        QCOMPARE(landscapeView->parameters["grid"], "-0.5:0.5:5,-0.25:0.25:3");
        QCOMPARE(landscapeView->display["view"], "surface");
        QVERIFY(landscapeView->camera == camera);
        QCOMPARE(saved.layout.current, std::string("project"));
        QCOMPARE(saved.selection,
                 (std::vector<std::string>{"ensemble/m2.safetensors", "ensemble/m3.safetensors"}));
        QCOMPARE(QString::fromStdString(saved.set.path), set_);

        {
            MainWindow window;
            window.setAsksForModelAndData(false);
            QSignalSpy restored(window.sessions(), &SessionActions::viewRestored);
            QVERIFY(window.sessions()->openSession(first));
            waitUntil([&] { return idsIn(restored).size() == saved.views.size(); });
            waitUntil([&] { return window.jobRunner()->isIdle(); });
            auto* landscape = window.viewTabs()->findChild<LandscapePage*>();
            auto* map = window.viewTabs()->findChild<MapPage*>();
            QCOMPARE(landscape->form()->rawValues()["seed"], 7);
            QVERIFY(cameraOf(*landscape->cameraView()) == camera);
            QCOMPARE(map->colourBy(), std::string("nll"));
            QCOMPARE(window.viewTabs()->currentWidget(), map);
            QCOMPARE(window.setBrowser()->selectedMembers(),
                     QStringList({"ensemble/m2.safetensors", "ensemble/m3.safetensors"}));
            QVERIFY(window.sessions()->saveSession(second));
        }
        const session::Session again = session::readSession(second.toStdString());
        QVERIFY(again.set == saved.set);
        QCOMPARE(again.selection, saved.selection);
        compareViews(again, saved);
        QVERIFY(again.bookmarks == saved.bookmarks);
        QCOMPARE(again.layout.current, saved.layout.current);
    }

    // Issue 15: a session whose landscape was computed opens with that surface
    // shown from the result cache as the view is restored, and no landscape job.
    void aComputedLandscapeComesBackFromTheCache() {
        QTemporaryDir home;
        const test::ResultCacheOn cacheOn(home.filePath("results"));
        const QString file = home.filePath("computed.modescape");
        std::vector<double> computed;
        {
            MainWindow window;
            window.setAsksForModelAndData(false);
            window.openSet(set_);
            waitUntil([&] { return window.calibrationViews()->uncertaintyPage() != nullptr; });
            waitUntil([&] { return window.jobRunner()->isIdle(); });
            auto* landscape = window.viewTabs()->findChild<LandscapePage*>();
            landscape->form()->setValues({{"grid", "-0.25:0.25:3,-0.25:0.25:3"}, {"seed", 4}});
            QSignalSpy done(landscape, &AnalysisPage::computeFinished);
            QVERIFY(landscape->compute() != 0);
            waitForSignals(done);
            QVERIFY(done.first().first().toBool());
            computed = landscape->surface().loss;
            QVERIFY(window.sessions()->saveSession(file));
        }
        const session::Session saved = session::readSession(file.toStdString());
        const session::View* view = nullptr;
        for (const auto& v : saved.views)
            if (v.id == "landscape")
                view = &v;
        QVERIFY(view && view->result && view->result->complete && view->camera);
        MainWindow window;
        window.setAsksForModelAndData(false);
        QStringList jobs;  // the title of every job the window starts
        connect(window.jobRunner(), &JobRunner::jobQueued, this,
                [&](int, const QString& title) { jobs << title; });
        QSignalSpy restored(window.sessions(), &SessionActions::viewRestored);
        QVERIFY(window.sessions()->openSession(file));
        waitUntil([&] { return idsIn(restored).count("landscape") > 0; });
        auto* landscape = window.viewTabs()->findChild<LandscapePage*>();
        QVERIFY(landscape->resultComplete());  // shown as the view was restored
        QCOMPARE(landscape->surface().loss, computed);
        QVERIFY(cameraOf(*landscape->cameraView()) == *view->camera);  // put back after the result
        waitUntil([&] { return window.jobRunner()->isIdle(); });
        QVERIFY2(!jobs.contains("Loss landscape"), qPrintable(jobs.join(", ")));
    }

    void killedWindowsAutosaveIsRestored() {
        // Cache and settings of their own, shared with the process below.
        QTemporaryDir home;
        const QString cache = home.filePath("cache");
        const QString autosaves = cache + "/modescape/autosave";
        QStandardPaths::setTestModeEnabled(false);
        qputenv("XDG_CACHE_HOME", cache.toUtf8());
        qputenv("XDG_CONFIG_HOME", home.filePath("config").toUtf8());
        qputenv("XDG_DATA_HOME", home.filePath("data").toUtf8());
        const auto restoreTestMode = qScopeGuard([] {
            qunsetenv("XDG_CACHE_HOME");
            qunsetenv("XDG_CONFIG_HOME");
            qunsetenv("XDG_DATA_HOME");
            QStandardPaths::setTestModeEnabled(true);
        });

        // The process opens a session whose views differ from the defaults.
        const auto set = io::openCheckpointSet(set_.toStdString(), {});
        session::Session script;
        script.set.path = set_.toStdString();
        script.views.push_back(session::parseViewSpec(
            "landscape:grid=-0.25:0.25:3,-0.25:0.25:3,seed=11", script, &set));
        script.views.push_back(session::parseViewSpec("project:method=tsne,seed=5", script, &set));
        const QString file = home.filePath("script.modescape");
        session::writeSession(file.toStdString(), script);

        QProcess gui;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("MODESCAPE_AUTOSAVE_MS", "20");
        env.insert("MODESCAPE_RESTORE_AUTOSAVE", "no");
        gui.setProcessEnvironment(env);
        gui.start(MODESCAPE_EXE, {"gui", file});
        QVERIFY2(gui.waitForStarted(-1), qPrintable(gui.errorString()));
        // Its autosave, once it shows the session's landscape.
        QString autosave;
        waitUntil([&] {
            if (gui.state() != QProcess::Running)
                return true;  // failed below, with its output
            for (const QFileInfo& f : QDir(autosaves).entryInfoList({"*.modescape"}, QDir::Files)) {
                try {
                    const auto s = session::readSession(f.absoluteFilePath().toStdString());
                    for (const auto& view : s.views)
                        if (view.id == "landscape" && view.parameters.value("seed", 0) == 11)
                            autosave = f.absoluteFilePath();
                } catch (const std::exception&) {
                }
            }
            return !autosave.isEmpty();
        });
        QVERIFY2(!autosave.isEmpty(), gui.readAllStandardError().constData());
        gui.kill();  // SIGKILL: no destructor removes the autosave
        gui.waitForFinished(-1);
        QCOMPARE(gui.exitStatus(), QProcess::CrashExit);
        QVERIFY(QFileInfo::exists(autosave));

        // The next start finds it, asks (answered yes by the environment, as
        // the question box would be) and restores it: startWindow is what
        // `modescape gui` runs before its event loop.
        MainWindow next;
        next.setAsksForModelAndData(false);
        QSignalSpy restored(next.sessions(), &SessionActions::viewRestored);
        qputenv("MODESCAPE_RESTORE_AUTOSAVE", "yes");
        const auto noAnswer = qScopeGuard([] { qunsetenv("MODESCAPE_RESTORE_AUTOSAVE"); });
        startWindow(next, GuiStart{});
        QVERIFY(next.isVisible());
        waitUntil(
            [&] { return idsIn(restored).count("landscape") && idsIn(restored).count("project"); });
        auto* landscape = next.viewTabs()->findChild<LandscapePage*>();
        auto* map = next.viewTabs()->findChild<MapPage*>();
        QCOMPARE(landscape->form()->rawValues()["seed"], 11);
        QCOMPARE(landscape->form()->rawValues()["grid"], "-0.25:0.25:3,-0.25:0.25:3");
        QCOMPARE(map->form()->rawValues()["method"], "tsne");
        QCOMPARE(map->form()->rawValues()["seed"], 5);
        // Offered once: the killed window's files are gone; this window's own lock stays.
        QVERIFY(!QFileInfo::exists(autosave));
        QVERIFY(!next.sessions()->offerAutosaveRestore([](const QString&) { return true; }));
        waitUntil([&] { return next.jobRunner()->isIdle(); });
    }
};

int main(int argc, char** argv) {
    modescape::ui::setDefaultSurfaceFormat();
    QApplication app(argc, argv);
    TestSessionWindow test;
    return QTest::qExec(&test, argc, argv);
}
#include "TestSessionWindow.moc"
