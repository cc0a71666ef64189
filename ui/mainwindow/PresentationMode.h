#pragma once
// Presentation mode for seminars (docs/seminar.md): F11 (View > Presentation
// mode) or `modescape gui --present SESSION`. The window goes full screen
// with its docks, menus, tool bars, status bar, tab bar and the split panes'
// headers hidden and its fonts scaled up for a projector; PageDown / Right / Space show the next
// bookmark and PageUp / Left the previous one (what a presenter's clicker
// sends), moving the camera smoothly; Esc or F11 leaves and puts the window
// back as it was. While a computation runs a thin progress line shows at
// the bottom edge instead of the jobs dock.

#include <QByteArray>
#include <QFont>
#include <QList>
#include <QObject>
#include <QPair>
#include <QPointer>
#include <QSet>

class QAction;
class QMenu;
class QProgressBar;

namespace modescape::ui {

class MainWindow;

class PresentationMode : public QObject {
    Q_OBJECT
  public:
    // How much larger the window's fonts are while presenting.
    static constexpr double kFontScale = 1.6;

    explicit PresentationMode(MainWindow* window);

    // Adds View > Presentation mode (F11, also while the menu bar is hidden).
    void addMenuAction(QMenu* menu, QAction* before);

    void enter();
    void leave();
    bool isActive() const { return active_; }
    // The next / previous bookmark (the first when none was shown yet).
    void next();
    void previous();
    QProgressBar* progressLine() const { return progress_; }

  Q_SIGNALS:
    void activeChanged(bool active);

  protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

  private:
    // What leaving puts back.
    struct Saved {
        Qt::WindowStates state;
        bool menuBar = true;
        bool statusBar = true;
        bool tabBar = true;
        QList<QPair<QPointer<QWidget>, bool>> bars;  // docks and tool bars, and whether shown
        QFont font;
        bool ownFont = false;  // the window had a font of its own
    };

    bool handleKey(int key);
    // The split panes' headers (view choice, close button): hidden while presenting.
    void showPaneHeaders(bool visible);
    void placeProgressLine();
    void updateProgress(double fraction);

    MainWindow* window_;
    QProgressBar* progress_;
    Saved saved_;
    QSet<int> jobs_;  // queued or running
    bool active_ = false;
};

}  // namespace modescape::ui
