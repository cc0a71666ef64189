#pragma once
// One pane of the split central area (ViewSplitter.h): a header with a
// choice of view and a close button, above the view it shows. A view shown
// here is taken out of the tab widget (a widget has one place); the view it
// replaces, or shows when the pane closes, goes back to its tab.

#include <QFrame>
#include <QPointer>

class QComboBox;
class QTabWidget;
class QVBoxLayout;

namespace modescape::ui {

class ViewTabList;

class ViewPane : public QFrame {
    Q_OBJECT
  public:
    ViewPane(QTabWidget* tabs, ViewTabList* views, QWidget* parent = nullptr);

    // The view shown (a tab's widget), or nullptr for an empty pane.
    QWidget* view() const { return view_; }
    // Shows `view` (a listed tab widget, from the tabs or another pane);
    // nullptr empties the pane. The view shown before goes back to the tabs.
    void setView(QWidget* view);
    // The header (view choice, close button); presentation mode hides it.
    void setHeaderVisible(bool visible);
    bool isHeaderVisible() const;

  Q_SIGNALS:
    // No argument: a pointer to a class of ours in a signal makes moc register
    // a meta-type whose inline Qt 6 code the Qt 5 in the process binds to.
    void closeRequested();
    // The view shown changed (chosen here, or taken elsewhere).
    void viewChanged();

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    void fillChoices();
    void returnToTabs(QWidget* view);

    QTabWidget* tabs_;
    ViewTabList* views_;
    QWidget* header_;
    QComboBox* choice_;
    QWidget* content_;
    QVBoxLayout* contentLayout_;
    QPointer<QWidget> view_;
};

}  // namespace modescape::ui
