#pragma once
// The window's menus are built in MainWindow; the action groups added later
// (sessions, animations) find theirs by its title.

#include <QAction>
#include <QMenu>
#include <QMenuBar>
#include <QString>

namespace modescape::ui {

// The menu of `bar` titled `title` without its '&' ("File"), or null.
inline QMenu* menuTitled(const QMenuBar* bar, const QString& title) {
    for (QAction* action : bar->actions())
        if (action->menu() && action->text().remove('&') == title)
            return action->menu();
    return nullptr;
}

}  // namespace modescape::ui
