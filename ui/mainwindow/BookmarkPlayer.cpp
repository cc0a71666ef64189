#include "ui/mainwindow/BookmarkPlayer.h"

#include <QTabWidget>

#include <algorithm>

#include "core/common/Log.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/mainwindow/CameraTransition.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionCamera.h"
#include "ui/mainwindow/SessionViews.h"
#include "ui/mainwindow/ViewPane.h"
#include "ui/mainwindow/ViewSplitter.h"
#include "ui/mainwindow/ViewTabList.h"
#include "ui/rendering/VtkView.h"
#include "ui/setbrowser/SetBrowser.h"

namespace modescape::ui {

std::optional<session::Bookmark> bookmarkOfShownView(const MainWindow& window,
                                                     const std::string& name) {
    QWidget* shown = window.viewTabs()->currentWidget();
    if (auto* pane = qobject_cast<ViewPane*>(window.viewSplitter()->activePane()); pane)
        shown = pane->view();
    const OpenView* chosen = nullptr;
    const std::vector<OpenView> views = openViews(window);
    for (const OpenView& view : views) {
        // A tab holding several analyses (Connectivity): the one on screen.
        if (view.holder == shown &&
            (!chosen || (!chosen->page->isVisible() && view.page->isVisible())))
            chosen = &view;
    }
    if (!chosen) {
        log::warning(
            "bookmark: the view shown computes no analysis; show a landscape, a map, "
            "a reliability diagram … to bookmark it");
        return std::nullopt;
    }
    session::Bookmark bookmark;
    bookmark.name = name;
    bookmark.view = chosen->id;
    bookmark.parameters = chosen->page->form()->rawValues();
    bookmark.display = chosen->page->displaySettings();
    if (const VtkView* camera = chosen->page->cameraView())
        bookmark.camera = cameraOf(*camera);
    for (const QString& member : window.setBrowser()->selectedMembers())
        bookmark.selection.push_back(member.toStdString());
    return bookmark;
}

namespace {

// Whether `id` is a view id of `analysis`: the name, or the name, '-' and a number
// (session::freeViewId).
bool isViewIdOf(const std::string& id, const std::string& analysis) {
    if (id.rfind(analysis, 0) != 0)
        return false;
    const std::string rest = id.substr(analysis.size());
    return rest.empty() || (rest.size() > 1 && rest[0] == '-' &&
                            rest.find_first_not_of("0123456789", 1) == std::string::npos);
}

// A closed view (its tab closed: the page is kept, ViewTabList.h) of the
// analysis the id names, put back among the tabs; nullptr when there is none.
AnalysisPage* reopenClosedView(MainWindow& window, const std::string& id) {
    const std::vector<OpenView> open = openViews(window);
    for (QWidget* holder : window.viewTabList()->pages()) {
        const bool isOpen = std::any_of(open.begin(), open.end(),
                                        [&](const OpenView& v) { return v.holder == holder; });
        if (isOpen)
            continue;
        for (AnalysisPage* page : analysisPagesOf(holder))
            if (isViewIdOf(id, page->analysis().info().name)) {
                window.viewTabList()->reopen(holder);
                return page;
            }
    }
    return nullptr;
}

}  // namespace

BookmarkPlayer::BookmarkPlayer(MainWindow* window)
    : QObject(window), window_(window), transition_(new CameraTransition(this)) {}

bool BookmarkPlayer::show(const session::Bookmark& bookmark) {
    std::vector<OpenView> views = openViews(*window_);
    auto found = std::find_if(views.begin(), views.end(),
                              [&](const OpenView& v) { return v.id == bookmark.view; });
    if (found == views.end()) {
        // Its view was closed: open it again, then show the bookmark's state on it.
        AnalysisPage* reopened = reopenClosedView(*window_, bookmark.view);
        if (!reopened) {
            log::warning("bookmark '" + bookmark.name + "': no view '" + bookmark.view +
                         "' is open or can be reopened");
            return false;
        }
        log::info("bookmark '" + bookmark.name + "': its view was closed and is open again");
        views = openViews(*window_);
        found = std::find_if(views.begin(), views.end(),
                             [&](const OpenView& v) { return v.page == reopened; });
        if (found == views.end())
            return false;
    }
    AnalysisPage* page = found->page;
    if (window_->viewTabs()->indexOf(found->holder) >= 0)
        window_->viewTabs()->setCurrentWidget(found->holder);

    QStringList members;
    for (const std::string& member : bookmark.selection)
        members << QString::fromStdString(member);
    if (members != window_->setBrowser()->selectedMembers())
        window_->setBrowser()->selectMembers(members);

    const analysis::ParameterValues before = page->form()->rawValues();
    page->form()->setValues(bookmark.parameters);
    const bool computes = page->form()->rawValues() != before || !page->result().has_value();
    if (computes)
        page->requestCompute();
    // After the computation is asked for: a page gives a result still to come
    // the display's zoom (the map's window), a result shown now at once.
    page->applyDisplaySettings(bookmark.display);

    QObject::disconnect(afterCompute_);
    VtkView* view = page->cameraView();
    if (!bookmark.camera || !view)
        return true;
    transition_->start(view, *bookmark.camera);
    if (computes || page->isComputing()) {
        const session::Camera camera = *bookmark.camera;
        afterCompute_ = connect(page, &AnalysisPage::computeFinished, this,
                                [this, page, camera](bool completed) {
                                    QObject::disconnect(afterCompute_);
                                    if (VtkView* v = page->cameraView(); completed && v) {
                                        transition_->finish();
                                        placeCamera(*v, camera);
                                    }
                                });
    }
    return true;
}

}  // namespace modescape::ui
