#pragma once
// Every view page of the window, open or closed, in its tab order. Closing a
// tab only takes the page out of the tab bar (it is kept, with its results);
// the View menu lists each page as a checkable action, checked while its tab
// is open, and checking it puts the tab back where it was among the others.
// Pages that are deleted (a new set replaces them) leave the list.

#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <vector>

class QAction;
class QMenu;
class QTabWidget;
class QWidget;

namespace modescape::ui {

class ViewTabList : public QObject {
    Q_OBJECT
  public:
    // The page actions go at the end of `menu`, after a separator.
    ViewTabList(QTabWidget* tabs, QMenu* menu, QObject* parent = nullptr);

    // A page the tab widget just got (at any index): listed at its tab's place.
    void add(QWidget* page, const QString& title);
    // The tab's close button: the tab goes, the page stays listed.
    void close(int index);
    // Puts a listed page's tab back at its place and makes it current.
    void reopen(QWidget* page);

    // The View menu's action for a page (nullptr when it is not listed).
    QAction* actionOf(const QWidget* page) const;
    // The listed pages' titles, in order.
    QStringList titles() const;
    // The listed pages, in order, and one's title ("" when it is not listed).
    QList<QWidget*> pages() const;
    QString titleOf(const QWidget* page) const;

  private:
    struct Entry {
        QPointer<QWidget> page;
        QString title;
        QAction* action = nullptr;
    };

    void forget(const QObject* page);
    void rebuildMenu();
    void syncChecks();

    QTabWidget* tabs_;
    QMenu* menu_;
    std::vector<Entry> entries_;
};

}  // namespace modescape::ui
