#include "ui/mainwindow/SessionViews.h"

#include <QTabWidget>

#include "core/io/set/CheckpointSet.h"
#include "core/model/ModelSpecText.h"
#include "core/session/ResultKey.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionCamera.h"
#include "ui/mainwindow/ViewSplitter.h"
#include "ui/mainwindow/ViewTabList.h"
#include "ui/rendering/VtkView.h"
#include "ui/setbrowser/SetBrowser.h"

namespace modescape::ui {

QList<AnalysisPage*> analysisPagesOf(QWidget* tab) {
    if (auto* page = qobject_cast<AnalysisPage*>(tab))
        return {page};
    return tab ? tab->findChildren<AnalysisPage*>() : QList<AnalysisPage*>();
}

session::View viewOf(const AnalysisPage& page, const io::CheckpointSet* set) {
    const analysis::Analysis& analysis = page.analysis();
    session::View view;
    view.analysis = analysis.info().name;
    view.parameters = page.form()->rawValues();
    view.display = page.displaySettings();
    view.colourBy = page.colourBy();
    if (const VtkView* camera = page.cameraView())
        view.camera = cameraOf(*camera);
    if (set && page.result().has_value()) {
        // Only a result of the values shown: the session reopens with those.
        const std::string shown = session::resultKey(analysis, view.parameters, *set);
        if (session::resultKey(analysis, page.resultValues(), *set) == shown)
            view.result = session::ResultRef{shown, page.resultComplete()};
    }
    return view;
}

void applyView(AnalysisPage& page, const session::View& view) {
    page.form()->setValues(view.parameters);
    page.applyDisplaySettings(view.display);
    if (!view.colourBy.empty())
        page.applyColourBy(view.colourBy);
    // A result the cache keeps appears at once (docs/result-cache.md).
    const bool shown = view.result && view.result->complete && page.showCachedResult();
    if (!view.camera)
        return;
    if (VtkView* camera = page.cameraView())
        placeCamera(*camera, *view.camera);
    if (shown)
        return;  // its scene is in: no later result moves the saved camera
    // The first result fits the camera to its scene: the saved one goes back on.
    const session::Camera saved = *view.camera;
    QObject::connect(
        &page, &AnalysisPage::computeFinished, &page,
        [&page, saved](bool completed) {
            if (VtkView* camera = page.cameraView(); completed && camera)
                placeCamera(*camera, saved);
        },
        Qt::SingleShotConnection);
}

std::vector<OpenView> openViews(const MainWindow& window) {
    std::vector<std::pair<QWidget*, QString>> holders;
    const QTabWidget* tabs = window.viewTabs();
    for (int index = 0; index < tabs->count(); ++index)
        holders.emplace_back(tabs->widget(index), tabs->tabText(index));
    for (QWidget* pane : window.viewSplitter()->paneViews())
        holders.emplace_back(pane, window.viewTabList()->titleOf(pane));
    std::vector<OpenView> views;
    session::Session named;  // the ids given so far, for freeViewId
    for (const auto& [holder, title] : holders) {
        for (AnalysisPage* page : analysisPagesOf(holder)) {
            session::View view;
            view.analysis = page->analysis().info().name;
            view.id = session::freeViewId(named, view.analysis);
            views.push_back({view.id, page, holder, title});
            named.views.push_back(std::move(view));
        }
    }
    return views;
}

session::Session captureSession(const MainWindow& window) {
    session::Session session;
    const SetBrowser* browser = window.setBrowser();
    const auto set = browser->set();
    session.set.path =
        (set ? QString::fromStdString(set->folder) : browser->folder()).toStdString();
    if (const io::SetOverrides* overrides = window.overridesOf(browser->folder())) {
        if (overrides->model)
            session.set.model = model::modelSpecText(*overrides->model);
        for (const io::DatasetSpec& dataset : overrides->datasets)
            session.set.datasets.push_back(dataset.role + "=" + dataset.spec);
    }
    for (const QString& member : browser->selectedMembers())
        session.selection.push_back(member.toStdString());

    const QWidget* current = window.viewTabs()->currentWidget();
    for (const OpenView& open : openViews(window)) {
        session::View view = viewOf(*open.page, set.get());
        view.id = open.id;
        view.title = open.title.toStdString();
        if (open.holder == current && session.layout.current.empty())
            session.layout.current = view.id;
        session.views.push_back(std::move(view));
    }
    return session;
}

}  // namespace modescape::ui
