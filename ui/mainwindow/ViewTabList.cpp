#include "ui/mainwindow/ViewTabList.h"

#include <QAction>
#include <QMenu>
#include <QTabWidget>

#include <algorithm>

namespace modescape::ui {

ViewTabList::ViewTabList(QTabWidget* tabs, QMenu* menu, QObject* parent)
    : QObject(parent), tabs_(tabs), menu_(menu) {
    menu_->addSection(tr("Views"));
    // Tabs may also be taken out elsewhere (a set's pages replaced): the checks
    // are brought up to date whenever the menu opens.
    connect(menu_, &QMenu::aboutToShow, this, &ViewTabList::syncChecks);
}

void ViewTabList::add(QWidget* page, const QString& title) {
    if (actionOf(page))
        return;
    // After the nearest listed page whose tab lies before this one's.
    auto place = entries_.begin();
    for (int i = tabs_->indexOf(page) - 1; i >= 0; --i) {
        const auto before = std::find_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
            return e.page == tabs_->widget(i);
        });
        if (before != entries_.end()) {
            place = before + 1;
            break;
        }
    }
    auto* action = new QAction(title, this);
    action->setObjectName("viewTab:" + title);
    action->setCheckable(true);
    action->setToolTip(tr("Show or hide the %1 tab").arg(title));
    QPointer<QWidget> watched(page);
    connect(action, &QAction::triggered, this, [this, watched](bool open) {
        if (!watched)
            return;
        if (open)
            reopen(watched);
        else if (const int index = tabs_->indexOf(watched); index >= 0)
            close(index);
    });
    connect(page, &QObject::destroyed, this, &ViewTabList::forget);
    entries_.insert(place, Entry{page, title, action});
    rebuildMenu();
}

void ViewTabList::close(int index) {
    QWidget* page = tabs_->widget(index);
    if (!page)
        return;
    const auto entry = std::find_if(entries_.begin(), entries_.end(),
                                    [&](const Entry& e) { return e.page == page; });
    if (entry == entries_.end()) {
        // Not a view this list knows: closed for good, as before.
        tabs_->removeTab(index);
        page->deleteLater();
        return;
    }
    entry->title = tabs_->tabText(index);
    tabs_->removeTab(index);
    syncChecks();
}

void ViewTabList::reopen(QWidget* page) {
    if (tabs_->indexOf(page) < 0) {
        // Right after the nearest open page listed before it.
        int at = 0;
        QString title;
        for (const Entry& entry : entries_) {
            if (entry.page == page) {
                title = entry.title;
                break;
            }
            if (const int index = tabs_->indexOf(entry.page); index >= 0)
                at = index + 1;
        }
        tabs_->insertTab(at, page, title);
    }
    tabs_->setCurrentWidget(page);
    syncChecks();
}

QAction* ViewTabList::actionOf(const QWidget* page) const {
    for (const Entry& entry : entries_)
        if (entry.page == page)
            return entry.action;
    return nullptr;
}

QStringList ViewTabList::titles() const {
    QStringList titles;
    for (const Entry& entry : entries_)
        titles << entry.title;
    return titles;
}

QList<QWidget*> ViewTabList::pages() const {
    QList<QWidget*> pages;
    for (const Entry& entry : entries_)
        if (entry.page)
            pages << entry.page.data();
    return pages;
}

QString ViewTabList::titleOf(const QWidget* page) const {
    for (const Entry& entry : entries_)
        if (entry.page == page)
            return entry.title;
    return {};
}

void ViewTabList::forget(const QObject* destroyed) {
    // The destroyed page's QPointer may already read null.
    const auto gone = std::remove_if(entries_.begin(), entries_.end(), [&](const Entry& e) {
        if (e.page && e.page.data() != destroyed)
            return false;
        delete e.action;
        return true;
    });
    // Nothing else is touched: the tab widget may be the one being destroyed.
    entries_.erase(gone, entries_.end());
}

void ViewTabList::rebuildMenu() {
    for (const Entry& entry : entries_)
        menu_->removeAction(entry.action);
    for (const Entry& entry : entries_)
        menu_->addAction(entry.action);
    syncChecks();
}

void ViewTabList::syncChecks() {
    for (const Entry& entry : entries_)
        entry.action->setChecked(entry.page && tabs_->indexOf(entry.page) >= 0);
}

}  // namespace modescape::ui
