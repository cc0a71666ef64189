#pragma once
// The Bookmarks dock (docs/seminar.md): the session's bookmarks in order.
// Add takes the view shown (BookmarkPlayer.h); Rename edits the name in
// place; Up / Down or dragging reorders; Delete removes; Show, Enter or a
// double-click brings one back. Presentation mode steps through them.

#include <QDockWidget>

#include <vector>

#include "core/session/Session.h"

class QListWidget;

namespace modescape::ui {

class BookmarkPlayer;
class MainWindow;

class BookmarksDock : public QDockWidget {
    Q_OBJECT
  public:
    explicit BookmarksDock(MainWindow* window);

    const std::vector<session::Bookmark>& bookmarks() const { return bookmarks_; }
    void setBookmarks(std::vector<session::Bookmark> bookmarks);

    // Bookmarks the view shown; "" names it after the view. Returns its index, or -1.
    int addShownView(const QString& name = {});
    void rename(int index, const QString& name);
    // Moves the bookmark at `from` to the place `to` (indices before the move).
    void move(int from, int to);
    void remove(int index);
    // Brings the bookmark back (BookmarkPlayer::show) and marks it current.
    bool activate(int index);
    // The bookmark shown last (-1 before any).
    int currentIndex() const { return current_; }
    BookmarkPlayer* player() const { return player_; }

  Q_SIGNALS:
    void bookmarksChanged();

  private:
    void refill();
    void takeOrderFromList();  // after a drag in the list
    int selectedRow() const;

    MainWindow* window_;
    BookmarkPlayer* player_;
    QListWidget* list_;
    std::vector<session::Bookmark> bookmarks_;
    int current_ = -1;
    bool filling_ = false;
};

}  // namespace modescape::ui
