#pragma once
// The main window: view tabs in the centre, the set browser (left), the
// current view's properties (right), jobs and log (bottom).

#include <QList>
#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>

#include "core/io/set/SetOverrides.h"
#include "ui/mainwindow/OutsideMembersQuestion.h"
#include "ui/rendering/FigureSize.h"

class QDockWidget;
class QMenu;
class QLabel;
class QTabWidget;
class QStackedWidget;

namespace modescape::analysis {
class SetWorkspace;
}
namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class JobRunner;
class JobsPanel;
class LogModel;
class SetBrowser;
class SessionActions;
class ViewPage;
class CalibrationViews;
class SetOverviewPage;
class ViewTabList;
class ViewSplitter;
class BookmarksDock;
class PresentationMode;

class MainWindow : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    JobRunner* jobRunner() const { return runner_; }
    LogModel* logModel() const { return logModel_; }
    QTabWidget* viewTabs() const { return tabs_; }
    SetBrowser* setBrowser() const { return setBrowser_; }
    // The reliability / metrics / uncertainty tabs and their shared state.
    CalibrationViews* calibrationViews() const { return calibrationViews_; }

    void addViewPage(ViewPage* page, const QString& title);
    ViewPage* currentViewPage() const;
    // The page File > Export image makes a figure of: the current page, or
    // the connectivity tab's shown chart, plane or matrix (as `render` does).
    ViewPage* figureViewPage() const;
    // A page shown until a set is open (the example surface); opening a set removes it.
    void showStartPage(ViewPage* page, const QString& title);
    // Every view, open or closed, as the View menu lists it.
    ViewTabList* viewTabList() const { return viewTabList_; }
    // The open set's overview tab (null before a set is shown).
    SetOverviewPage* overviewPage() const;

    // Opens a checkpoint set (a folder, an archive or a folder of archives) on
    // the worker (progress and Cancel in the jobs panel),
    // then shows it in the browser; remembers it. Failures go to the log.
    // Members lying outside the folder are left out unless allowOutside; when
    // some were, the window asks (setOutsideMembersQuestion) and, on yes,
    // opens the set again with them.
    void openSet(const QString& directory, bool allowOutside = false);
    // Replaces the question asked about members outside a set (tests answer it).
    void setOutsideMembersQuestion(OutsideMembersQuestion question);
    // Replaces the question whether a set's TorchScript model may run (by
    // default a dialog remembered per file content; `render` answers from
    // its --allow-torchscript).
    using TorchScriptQuestion = std::function<bool(const QString& modelPath)>;
    void setTorchScriptQuestion(TorchScriptQuestion question) {
        torchScriptQuestion_ = std::move(question);
    }
    // Whether a set opened without a model or a dataset brings up the "Model
    // and data" dialog (ModelAndDataDialog.h); on by default, once per set and session.
    void setAsksForModelAndData(bool ask) { asksForModelAndData_ = ask; }
    // A model and datasets given on the command line (`modescape gui SET
    // --model ... --dataset ...`): they override the sidecar and manifest of
    // that set, whenever it is opened in this window.
    void useOverrides(const QString& setPath, const io::SetOverrides& overrides);
    // Opens the built-in two-moons demo set, building it first (once, on the
    // worker, with progress) when the user's data folder does not hold it yet.
    void openDemoSet();
    // Writes the current view to a PNG; returns false (and logs why) on failure.
    bool exportCurrentView(const QString& path, double scale, bool transparent);
    // PNG, SVG, PDF or TIFF by the suffix, at `size` (see ExportImageDialog);
    // without its title when `title` is false (as `render --no-title`).
    bool exportCurrentView(const QString& path, const FigureSize& size, bool transparent,
                           bool title = true);
    // The model and datasets given for the set at this canonical path, or nullptr.
    const io::SetOverrides* overridesOf(const QString& setPath) const {
        return setPath == overridesPath_ ? &overrides_ : nullptr;
    }
    // Save / open / recent sessions and the autosave (SessionActions.h).
    SessionActions* sessions() const { return sessions_; }
    // The split central area, the bookmarks and presentation mode (docs/seminar.md).
    ViewSplitter* viewSplitter() const { return splitter_; }
    BookmarksDock* bookmarksDock() const { return bookmarksDock_; }
    PresentationMode* presentation() const { return presentation_; }
    // Shows this view's properties (a view in a split pane; a tab's view when its tab is current).
    void showPropertiesOf(QWidget* view);

  Q_SIGNALS:
    // A view tab was added, or a set finished opening its tabs (then a
    // session being restored picks its current tab). No argument: a pointer to a class of ours
    // would make moc register a meta-type whose inline helpers the executable then exports over Qt
    // 5's (VTK's Qt module loads it).
    void viewPageAdded();

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    void buildMenus();
    void buildDocks();
    void restoreLayout();
    void rememberRecent(const QString& directory);
    void refreshRecentMenu();
    void onCurrentTabChanged(int index);
    void chooseSetToOpen();
    void chooseExportImage();
    void showAbout();
    // Replaces the previous set's view tabs by views of this set (landscape,
    // calibration ...), each following the set browser's selection.
    void showSetViews(const std::shared_ptr<const io::CheckpointSet>& set);
    // MainWindowTabs.cpp: the View menu's list of tabs, the start page, the overview.
    void buildViewTabMenu();
    void dropStartPage();
    SetOverviewPage* showOverview(const std::shared_ptr<const io::CheckpointSet>& set);
    // MainWindowTabs.cpp: split views, the bookmarks dock and presentation mode.
    void buildSeminarTools();

    JobRunner* runner_;
    LogModel* logModel_;
    QTabWidget* tabs_;
    SetBrowser* setBrowser_ = nullptr;
    QStackedWidget* properties_ = nullptr;
    JobsPanel* jobsPanel_ = nullptr;
    QDockWidget* browserDock_ = nullptr;
    QDockWidget* propertiesDock_ = nullptr;
    QDockWidget* jobsDock_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QLabel* deviceLabel_ = nullptr;
    QStringList recent_;
    int openSetJob_ = 0;  // the job opening the latest set
    OutsideMembersQuestion outsideQuestion_;
    TorchScriptQuestion torchScriptQuestion_;
    bool asksForModelAndData_ = true;
    QStringList modelAndDataAsked_;  // sets asked about this session
    QString overridesPath_;          // canonical path of the set overrides_ belong to
    io::SetOverrides overrides_;
    CalibrationViews* calibrationViews_ = nullptr;
    SessionActions* sessions_ = nullptr;
    QList<QPointer<ViewPage>> setPages_;                 // the tabs showing the open set
    std::shared_ptr<analysis::SetWorkspace> workspace_;  // shared by those tabs
    ViewTabList* viewTabList_ = nullptr;
    QPointer<ViewPage> startPage_;
    QPointer<SetOverviewPage> overview_;
    ViewSplitter* splitter_ = nullptr;
    BookmarksDock* bookmarksDock_ = nullptr;
    PresentationMode* presentation_ = nullptr;
};

}  // namespace modescape::ui
