#include "ui/mainwindow/SessionRestore.h"

#include <QFileInfo>
#include <QTabWidget>

#include "core/data/DatasetAssignment.h"
#include "core/model/ModelSpecText.h"
#include "ui/analysis/AnalysisPage.h"
#include "ui/mainwindow/MainWindow.h"
#include "ui/mainwindow/SessionViews.h"
#include "ui/setbrowser/SetBrowser.h"

namespace modescape::ui {

SessionRestore::SessionRestore(MainWindow* window, session::Session session)
    : QObject(window),
      window_(window),
      session_(std::move(session)),
      restored_(session_.views.size(), false) {
    connect(window_, &MainWindow::viewPageAdded, this, &SessionRestore::onPagesAdded);
}

void SessionRestore::start() {
    const QString path = QString::fromStdString(session_.set.path);
    io::SetOverrides overrides;
    overrides.source = "session";
    if (!session_.set.model.empty())
        overrides.model = model::parseModelSpecText(session_.set.model);
    for (const std::string& text : session_.set.datasets)
        overrides.datasets.push_back(data::parseDatasetAssignment(text, "'" + text + "'"));
    if (!overrides.empty())
        window_->useOverrides(path, overrides);
    window_->openSet(path, session_.set.allowOutside);
}

bool SessionRestore::showsSessionSet() const {
    const SetBrowser* browser = window_->setBrowser();
    return browser->set() &&
           browser->folder() ==
               QFileInfo(QString::fromStdString(session_.set.path)).canonicalFilePath();
}

QWidget* SessionRestore::holderOf(const std::string& id) const {
    const auto found = holders_.find(id);
    return found == holders_.end() ? nullptr : found->second.data();
}

void SessionRestore::onPagesAdded() {
    if (!showsSessionSet())
        return;  // pages of another set
    if (!selectionRestored_) {
        // First, so that "the selected members" parameters read the saved selection.
        selectionRestored_ = true;
        QStringList members;
        for (const std::string& name : session_.selection)
            members << QString::fromStdString(name);
        window_->setBrowser()->selectMembers(members);
    }
    QTabWidget* tabs = window_->viewTabs();
    for (int index = 0; index < tabs->count(); ++index) {
        QWidget* tab = tabs->widget(index);
        for (AnalysisPage* page : analysisPagesOf(tab)) {
            if (seen_.contains(page))
                continue;
            seen_ << page;
            for (std::size_t i = 0; i < session_.views.size(); ++i) {
                const session::View& view = session_.views[i];
                if (restored_[i] || view.analysis != page->analysis().info().name)
                    continue;
                restored_[i] = true;
                applyView(*page, view);
                holders_[view.id] = tab;
                if (view.id == session_.layout.current)
                    currentTab_ = tab;
                Q_EMIT viewRestored(QString::fromStdString(view.id));
                break;
            }
        }
    }
    if (currentTab_)
        tabs->setCurrentWidget(currentTab_);
}

}  // namespace modescape::ui
