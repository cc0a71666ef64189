#include "ui/mainwindow/BookmarkPlayer.h"

#include <QTabWidget>

#include "core/common/Log.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/analysis/ParameterForm.h"
#include "ui/mainwindow/CameraTransition.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionCamera.h"
#include "ui/mainwindow/SessionViews.h"
#include "ui/mainwindow/ViewPane.h"
#include "ui/mainwindow/ViewSplitter.h"
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
    if (const VtkView* camera = chosen->page->cameraView())
        bookmark.camera = cameraOf(*camera);
    for (const QString& member : window.setBrowser()->selectedMembers())
        bookmark.selection.push_back(member.toStdString());
    return bookmark;
}

BookmarkPlayer::BookmarkPlayer(MainWindow* window)
    : QObject(window), window_(window), transition_(new CameraTransition(this)) {}

bool BookmarkPlayer::show(const session::Bookmark& bookmark) {
    const std::vector<OpenView> views = openViews(*window_);
    const auto found = std::find_if(views.begin(), views.end(),
                                    [&](const OpenView& v) { return v.id == bookmark.view; });
    if (found == views.end()) {
        log::warning("bookmark '" + bookmark.name + "': its view '" + bookmark.view +
                     "' is not open (reopen it from the View menu)");
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
