#pragma once
// The window's central area, split like ParaView's views: the tab widget is
// one pane, and View > Split left | right / top | bottom adds a pane beside
// the active one (the pane last given focus, else the tabs) showing another
// view, so a surface, its map and its reliability diagram show together.
// Panes nest as a tree of QSplitters; each split keeps its panes' shares of
// its length (changed only by dragging a handle, so a saved layout comes
// back exactly). Views keep their connections wherever they are shown: the
// selection stays shared by the whole set.
//
// A session keeps the layout as `layout.split` (docs/session.md):
//   null                                          the tabs alone
//   {"tabs": true}                                the tabs pane
//   {"view": "project"}                           a pane showing that view ("" = empty)
//   {"orientation": "horizontal" | "vertical",    panes side by side / stacked,
//    "sizes": [0.5, 0.5], "panes": [...]}         with their shares of the length

#include <QPointer>
#include <QWidget>

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

class QMenu;
class QSplitter;
class QTabWidget;
class QVBoxLayout;

namespace modescape::ui {

class MainWindow;
class ViewPane;

class ViewSplitter : public QWidget {
    Q_OBJECT
  public:
    // Takes the window's central tab widget into itself and becomes the central widget.
    ViewSplitter(MainWindow* window, QTabWidget* tabs);

    // Adds Split left | right, Split top | bottom and Close pane to `menu`, before `before`.
    void addMenuActions(QMenu* menu, QAction* before);

    // Splits the active pane: a new pane after it (right of it for
    // Qt::Horizontal, below it for Qt::Vertical) showing the first tab that
    // is not the current one; the new pane becomes the active one.
    ViewPane* split(Qt::Orientation orientation);
    // Its view goes back to the tabs; a split left with one pane gives way to it.
    void closePane(ViewPane* pane);
    // Closes every pane: the tabs alone again.
    void unsplit();

    // The panes in tree order (depth first), and the views they show.
    QList<ViewPane*> panes() const;
    QList<QWidget*> paneViews() const;
    // The pane (or the tab widget) that Split and Close pane act on.
    QWidget* activePane() const;
    void setActivePane(QWidget* pane);

    // The layout as a session keeps it; null when not split. `idOf` names a pane's view.
    nlohmann::json layout(const std::function<std::string(QWidget*)>& idOf) const;
    // Rebuilds a saved layout (checked on reading, core/session/SplitLayout.h);
    // `viewOf` finds a view by id (nullptr: the pane stays empty).
    void restore(const nlohmann::json& layout,
                 const std::function<QWidget*(const std::string&)>& viewOf);

  Q_SIGNALS:
    void layoutChanged();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    ViewPane* newPane();
    QWidget* build(const nlohmann::json& node,
                   const std::function<QWidget*(const std::string&)>& viewOf);
    void collapse(QSplitter* splitter);
    void followFocus(QWidget* now);

    MainWindow* window_;
    QTabWidget* tabs_;
    QVBoxLayout* layout_;
    QPointer<QWidget> active_;
};

}  // namespace modescape::ui
