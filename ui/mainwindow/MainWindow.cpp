#include "ui/mainwindow/MainWindow.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QLabel>
#include <QListView>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>

#include <algorithm>
#include <cmath>
#include <memory>
#include <vector>

#include "core/analysis/SetWorkspace.h"
#include "core/common/Error.h"
#include "core/common/Log.h"
#include "core/evaluation/SetCompletion.h"
#include "core/io/set/OpenSet.h"
#include "core/sampling/DemoCache.h"
#include "ui/AppResources.h"
#include "ui/jobs/JobRunner.h"
#include "ui/jobs/JobsPanel.h"
#include "ui/log/LogModel.h"
#include "ui/mainwindow/AboutText.h"
#include "ui/mainwindow/AnimationActions.h"
#include "ui/mainwindow/ExportImageDialog.h"
#include "ui/mainwindow/ModelAndDataDialog.h"
#include "ui/mainwindow/OpenSetDialog.h"
#include "ui/mainwindow/SessionActions.h"
#include "ui/mainwindow/TorchScriptConsent.h"
#include "ui/mainwindow/ViewExport.h"
#include "ui/mainwindow/ViewTabList.h"
#include "ui/rendering/FigureSource.h"
#include "ui/rendering/FigureTitles.h"
#include "ui/rendering/FigureWriter.h"
#include "ui/rendering/ImageExport.h"
#include "ui/setbrowser/SetBrowser.h"
#include "ui/views/ViewPage.h"
#include "ui/views/calibration/CalibrationViews.h"
#include "ui/views/calibration/ReliabilityDiagramPage.h"
#include "ui/views/connectivity/ConnectivityPage.h"
#include "ui/views/hessian/HessianPage.h"
#include "ui/views/landscape/LandscapePage.h"
#include "ui/views/map/MapPage.h"
#include "ui/views/map/SymmetryPanelsPage.h"
#include "ui/views/overview/SetOverviewPage.h"
#include "ui/views/trajectory/TrajectoryPage.h"

namespace modescape::ui {
namespace {
constexpr int kMaxRecent = 10;
}

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setObjectName("mainWindow");
    setWindowTitle("Modescape");
    setWindowIcon(applicationIcon());
    resize(1280, 800);

    logModel_ = new LogModel(this);
    runner_ = new JobRunner(this);

    tabs_ = new QTabWidget(this);
    tabs_->setObjectName("viewTabs");
    tabs_->setDocumentMode(true);
    tabs_->setTabsClosable(true);
    setCentralWidget(tabs_);
    connect(tabs_, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
    // A closed tab's page is kept: the View menu reopens it (ViewTabList).
    connect(tabs_, &QTabWidget::tabCloseRequested, this,
            [this](int index) { viewTabList_->close(index); });

    buildDocks();
    buildMenus();
    calibrationViews_ = new CalibrationViews(this);  // follows the browser's sets and selection
    buildSeminarTools();

    deviceLabel_ = new QLabel(tr("Device: %1").arg(runner_->deviceDescription()), this);
    deviceLabel_->setObjectName("deviceLabel");
    statusBar()->addPermanentWidget(deviceLabel_);
    restoreLayout();
    sessions_ = new SessionActions(this);
    new AnimationActions(this);  // File > Export animation…
    outsideQuestion_ = outsideMembersMessageBox(this);
    log::info("Modescape ready; computing on " + runner_->deviceDescription().toStdString());
}

MainWindow::~MainWindow() = default;

void MainWindow::buildDocks() {
    setBrowser_ = new SetBrowser(runner_, this);
    browserDock_ = new QDockWidget(tr("Checkpoint set"), this);
    browserDock_->setObjectName("setBrowserDock");
    browserDock_->setWidget(setBrowser_);
    addDockWidget(Qt::LeftDockWidgetArea, browserDock_);

    properties_ = new QStackedWidget(this);
    properties_->setObjectName("propertiesStack");
    auto* none = new QLabel(tr("No view selected"), properties_);
    none->setAlignment(Qt::AlignCenter);
    properties_->addWidget(none);
    propertiesDock_ = new QDockWidget(tr("Properties"), this);
    propertiesDock_->setObjectName("propertiesDock");
    propertiesDock_->setWidget(properties_);
    addDockWidget(Qt::RightDockWidgetArea, propertiesDock_);

    auto* bottom = new QTabWidget(this);
    jobsPanel_ = new JobsPanel(runner_, bottom);
    jobsPanel_->setObjectName("jobsPanel");
    auto* logView = new QListView(bottom);
    logView->setObjectName("logView");
    logView->setModel(logModel_);
    logView->setUniformItemSizes(true);
    connect(logModel_, &QAbstractItemModel::rowsInserted, logView, &QListView::scrollToBottom);
    bottom->addTab(jobsPanel_, tr("Jobs"));
    bottom->addTab(logView, tr("Log"));
    // Errors should not go unseen: bring the log forward when one arrives.
    connect(logModel_, &QAbstractItemModel::rowsInserted, bottom,
            [this, bottom, logView](const QModelIndex&, int first, int) {
                const auto level = logModel_->index(first).data(LogModel::LevelRole).toInt();
                if (level >= static_cast<int>(log::Level::Error))
                    bottom->setCurrentWidget(logView);
            });
    jobsDock_ = new QDockWidget(tr("Jobs and log"), this);
    jobsDock_->setObjectName("jobsDock");
    jobsDock_->setWidget(bottom);
    addDockWidget(Qt::BottomDockWidgetArea, jobsDock_);
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open set…"), this, &MainWindow::chooseSetToOpen);
    open->setShortcut(QKeySequence::Open);
    recentMenu_ = file->addMenu(tr("Open &recent"));
    QAction* exportImage =
        file->addAction(tr("&Export image…"), this, &MainWindow::chooseExportImage);
    exportImage->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    viewMenu_->addAction(browserDock_->toggleViewAction());
    viewMenu_->addAction(propertiesDock_->toggleViewAction());
    viewMenu_->addAction(jobsDock_->toggleViewAction());
    buildViewTabMenu();

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Modescape"), this, &MainWindow::showAbout);
}

void MainWindow::restoreLayout() {
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    recent_ = settings.value("recentSets").toStringList();
    refreshRecentMenu();
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    settings.setValue("recentSets", recent_);
    runner_->cancelAll();
    event->accept();
}

void MainWindow::addViewPage(ViewPage* page, const QString& title) {
    properties_->addWidget(page->propertiesWidget());
    tabs_->setCurrentIndex(tabs_->addTab(page, title));
    viewTabList_->add(page, title);
    onCurrentTabChanged(tabs_->currentIndex());
    Q_EMIT viewPageAdded();
}

ViewPage* MainWindow::currentViewPage() const {
    return qobject_cast<ViewPage*>(tabs_->currentWidget());
}

ViewPage* MainWindow::figureViewPage() const {
    ViewPage* page = currentViewPage();
    if (auto* connectivity = qobject_cast<ConnectivityPage*>(page))
        return connectivity->shownPage() ? connectivity->shownPage() : page;
    return page;
}

void MainWindow::onCurrentTabChanged(int) {
    showPropertiesOf(currentViewPage());
}

void MainWindow::showPropertiesOf(QWidget* view) {
    auto* page = qobject_cast<ViewPage*>(view);
    properties_->setCurrentIndex(page ? std::max(0, properties_->indexOf(page->propertiesWidget()))
                                      : 0);
}

void MainWindow::openSet(const QString& directory, bool allowOutside) {
    const QFileInfo info(directory);
    if (!info.exists()) {
        log::error(directory.toStdString() +
                   ": no such file or folder; a checkpoint set is a folder of checkpoint files, "
                   "an archive of them or a folder of archives");
        return;
    }
    const QString path = info.canonicalFilePath();
    setBrowser_->showFolder(path);
    setWindowTitle(QStringLiteral("Modescape - %1").arg(info.fileName()));
    rememberRecent(path);

    // Headers of every member are read on the worker, with progress in the jobs panel.
    if (openSetJob_)
        runner_->cancel(openSetJob_);
    struct Outcome {
        std::shared_ptr<const io::CheckpointSet> set;
        // Members left out for lying outside the folder; with no set, why it failed.
        std::vector<io::ExcludedMember> outside;
        QString failure;
    };
    auto outcome = std::make_shared<Outcome>();
    const std::string folder = path.toStdString();
    std::vector<io::SetOverrides> overrides;
    if (path == overridesPath_)
        overrides.push_back(overrides_);
    QPointer<SetBrowser> browser(setBrowser_);
    QPointer<MainWindow> self(this);
    JobRequest request;
    request.name = tr("Open set %1").arg(info.fileName());
    request.work = [outcome, folder, allowOutside, overrides](const JobContext& context) {
        io::OpenSetOptions options;
        options.allowOutside = allowOutside;
        try {
            io::CheckpointSet opened = io::openCheckpointSet(folder, context, options);
            evaluation::completeSet(opened, folder, overrides);  // sidecar, recognition
            outcome->set = std::make_shared<const io::CheckpointSet>(std::move(opened));
            outcome->outside = membersOutsideSet(outcome->set->excluded);
        } catch (const io::MembersOutsideSet& e) {
            // Not a failure yet: the user may allow them (below, on the GUI thread).
            outcome->outside = membersOutsideSet(e.excluded());
            outcome->failure = QString::fromStdString(e.what());
        }
    };
    request.onSuccess = [self, browser, outcome, path, allowOutside] {
        if (!browser || browser->folder() != path)
            return;  // another set was opened meanwhile
        if (outcome->set) {
            const io::CheckpointSet& set = *outcome->set;
            log::info("opened set " + set.folder + ": " + std::to_string(set.members.size()) +
                      " checkpoints in " + std::to_string(set.groupCounts().size()) + " groups" +
                      (set.excluded.empty()
                           ? ""
                           : ", " + std::to_string(set.excluded.size()) + " left out"));
            // A TorchScript model is code: ask before anything may run it.
            const QString modelPath = QString::fromStdString(set.model.path);
            if (set.model.kind == io::ModelSpec::Kind::TorchScript && self &&
                !(self->torchScriptQuestion_ ? self->torchScriptQuestion_(modelPath)
                                             : confirmTorchScriptModel(self, modelPath)))
                log::warning(set.model.path +
                             ": the TorchScript model will not run; evaluations of "
                             "this set fail until you allow it (reopen the set)");
            browser->showSet(outcome->set);
            if (self)
                self->showSetViews(outcome->set);
            if (self && self->asksForModelAndData_ && needsModelAndData(set) &&
                !self->modelAndDataAsked_.contains(path)) {
                self->modelAndDataAsked_ << path;
                askForModelAndData(self, set, path,
                                   [self, path] {
                                       if (self)
                                           self->openSet(path);
                                   },
                                   {});
            }
        }
        if (self && !allowOutside && !outcome->outside.empty() && self->outsideQuestion_ &&
            self->outsideQuestion_(path, outcome->outside)) {
            self->openSet(path, true);
            return;
        }
        if (!outcome->set) {
            log::error(outcome->failure.toStdString());
            browser->showOpenFailure(path, outcome->failure);
        }
    };
    request.onFailure = [browser, path](const QString& message) {
        if (browser)
            browser->showOpenFailure(path, message);
    };
    openSetJob_ = runner_->submit(std::move(request));
}

void MainWindow::setOutsideMembersQuestion(OutsideMembersQuestion question) {
    outsideQuestion_ = std::move(question);
}

void MainWindow::showSetViews(const std::shared_ptr<const io::CheckpointSet>& set) {
    for (const QPointer<ViewPage>& page : setPages_) {
        if (!page)
            continue;
        tabs_->removeTab(tabs_->indexOf(page));
        properties_->removeWidget(page->propertiesWidget());
        page->deleteLater();
    }
    setPages_.clear();
    dropStartPage();
    // One workspace per open set: the pages' analyses share its LoadedSet
    // (model and datasets loaded once), its prediction cache and selection.
    workspace_ = std::make_shared<analysis::SetWorkspace>(*set);
    calibrationViews_->showSet(workspace_);  // loads the predictions the calibration tabs use
    SetOverviewPage* overview = showOverview(set);

    auto* landscape = new LandscapePage(runner_, workspace_, tabs_);
    connect(setBrowser_, &SetBrowser::selectionChanged, landscape, &LandscapePage::setSelection);
    addViewPage(landscape, tr("Landscape"));
    setPages_ << landscape;

    // The map shares the browser's selection both ways: members picked on it
    // become the landscape anchors and the calibration ensemble too.
    auto* map = new MapPage(runner_, workspace_, tabs_);
    map->setSelection(setBrowser_->selectedMembers());
    map->followCalibration(calibrationViews_->reliabilityPage());
    connect(setBrowser_, &SetBrowser::selectionChanged, map, &MapPage::setSelection);
    connect(map, &MapPage::selectionChanged, setBrowser_, &SetBrowser::selectMembers);
    addViewPage(map, tr("Map"));
    setPages_ << map;
    auto* panels = new SymmetryPanelsPage(runner_, workspace_, tabs_);
    addViewPage(panels, tr("Symmetry panels"));
    setPages_ << panels;

    auto* connectivity = new ConnectivityPage(runner_, workspace_, tabs_);
    connect(setBrowser_, &SetBrowser::selectionChanged, connectivity,
            &ConnectivityPage::setSelection);
    addViewPage(connectivity, tr("Connectivity"));
    setPages_ << connectivity;
    auto* hessian = new HessianPage(runner_, workspace_, tabs_);
    addViewPage(hessian, tr("Hessian"));
    setPages_ << hessian;
    auto* trajectory = new TrajectoryPage(runner_, workspace_, tabs_);
    addViewPage(trajectory, tr("Trajectory"));
    setPages_ << trajectory;
    tabs_->setCurrentWidget(overview);  // a set opens on its overview,
    Q_EMIT viewPageAdded();             // unless a session being restored names another tab
}

void MainWindow::openDemoSet() {
    if (sampling::demoSetExists()) {
        openSet(QString::fromStdString(sampling::demoSetFolder()));
        return;
    }
    auto folder = std::make_shared<std::string>();
    QPointer<MainWindow> self(this);
    JobRequest request;
    request.name = tr("Build the two-moons demo set");
    request.work = [folder](const JobContext& context) {
        *folder = sampling::ensureDemoSet(context);
    };
    request.onSuccess = [self, folder] {
        if (self)
            self->openSet(QString::fromStdString(*folder));
    };
    runner_->submit(std::move(request));
}

void MainWindow::rememberRecent(const QString& directory) {
    recent_.removeAll(directory);
    recent_.prepend(directory);
    while (recent_.size() > kMaxRecent)
        recent_.removeLast();
    QSettings().setValue("recentSets", recent_);
    refreshRecentMenu();
}

void MainWindow::refreshRecentMenu() {
    recentMenu_->clear();
    for (const QString& dir : recent_)
        recentMenu_->addAction(dir, this, [this, dir] { openSet(dir); });
    recentMenu_->setEnabled(!recent_.isEmpty());
}

void MainWindow::useOverrides(const QString& setPath, const io::SetOverrides& overrides) {
    overridesPath_ = QFileInfo(setPath).canonicalFilePath();
    overrides_ = overrides;
}

void MainWindow::chooseSetToOpen() {
    // Start beside the last set, which may itself be an archive.
    const QFileInfo last(recent_.value(0, QDir::homePath()));
    const QString path =
        askForSetToOpen(this, last.isDir() ? last.absolutePath() : last.absoluteDir().path());
    if (!path.isEmpty())
        openSet(path);
}

bool MainWindow::exportCurrentView(const QString& path, double scale, bool transparent) {
    ViewPage* page = figureViewPage();
    const QSize viewSize = page ? page->size() : QSize(1, 1);
    return exportCurrentView(
        path, FigureSize::fromPixels((QSizeF(viewSize) * scale).toSize().expandedTo(QSize(16, 16))),
        transparent);
}

bool MainWindow::exportCurrentView(const QString& path, const FigureSize& size, bool transparent,
                                   bool title) {
    ViewPage* page = figureViewPage();
    if (!page) {
        log::error("export image: there is no view to export");
        return false;
    }
    try {
        const ScopedFigureTitles titles(title);  // for this export only
        const ResolvedFigure figure = writeViewFigure(*page, path, size, transparent);
        log::info("exported " + path.toStdString() + " (" + std::to_string(figure.pixels.width()) +
                  "x" + std::to_string(figure.pixels.height()) + " px at " +
                  std::to_string(int(std::lround(figure.dpi))) + " dpi)");
        return true;
    } catch (const std::exception& e) {
        log::error(path.toStdString() + ": could not export the view: " + e.what());
        return false;
    }
}

void MainWindow::chooseExportImage() {
    ExportImageDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted)
        exportCurrentView(
            dialog.path(),
            dialog.figureSize(figureViewPage() ? figureViewPage()->size() : QSize(800, 600)),
            dialog.transparentBackground(), dialog.titleShown());
}

void MainWindow::showAbout() {
    QMessageBox::about(this, tr("About Modescape"), aboutText(runner_->deviceDescription()));
}

}  // namespace modescape::ui
