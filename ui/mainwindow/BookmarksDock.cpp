#include "ui/mainwindow/BookmarksDock.h"

#include <QAbstractItemModel>
#include <QHBoxLayout>
#include <QListWidget>
#include <QPushButton>
#include <QVBoxLayout>

#include "ui/mainwindow/BookmarkPlayer.h"
#include "ui/mainwindow/MainWindow.h"

namespace modescape::ui {

namespace {
constexpr int kIndexRole = Qt::UserRole;  // the bookmark's index when the list was filled
}

BookmarksDock::BookmarksDock(MainWindow* window)
    : QDockWidget(tr("Bookmarks"), window), window_(window), player_(new BookmarkPlayer(window)) {
    setObjectName("bookmarksDock");
    auto* body = new QWidget(this);
    list_ = new QListWidget(body);
    list_->setObjectName("bookmarkList");
    list_->setDragDropMode(QAbstractItemView::InternalMove);
    list_->setEditTriggers(QAbstractItemView::EditKeyPressed);
    connect(list_, &QListWidget::itemActivated, this,
            [this](QListWidgetItem* item) { activate(list_->row(item)); });
    connect(list_, &QListWidget::itemChanged, this, [this](QListWidgetItem* item) {
        if (!filling_)
            rename(list_->row(item), item->text());
    });
    // Queued: the list is refilled, which it must not be while it reports the move.
    connect(list_->model(), &QAbstractItemModel::rowsMoved, this, &BookmarksDock::takeOrderFromList,
            Qt::QueuedConnection);

    auto button = [body](const QString& text, const QString& name, const QString& tip) {
        auto* b = new QPushButton(text, body);
        b->setObjectName(name);
        b->setToolTip(tip);
        return b;
    };
    QPushButton* add = button(tr("Add"), "addBookmark", tr("Bookmark the view shown"));
    QPushButton* rename =
        button(tr("Rename"), "renameBookmark", tr("Rename the selected bookmark (F2)"));
    QPushButton* up = button(tr("Up"), "bookmarkUp", tr("Move the selected bookmark up"));
    QPushButton* down = button(tr("Down"), "bookmarkDown", tr("Move the selected bookmark down"));
    QPushButton* remove =
        button(tr("Delete"), "deleteBookmark", tr("Delete the selected bookmark"));
    QPushButton* show =
        button(tr("Show"), "showBookmark", tr("Bring the selected bookmark back (Enter)"));
    connect(add, &QPushButton::clicked, this, [this] { addShownView(); });
    connect(rename, &QPushButton::clicked, this, [this] {
        if (QListWidgetItem* item = list_->currentItem())
            list_->editItem(item);
    });
    connect(up, &QPushButton::clicked, this, [this] {
        if (const int row = selectedRow(); row > 0)
            move(row, row - 1);
    });
    connect(down, &QPushButton::clicked, this, [this] {
        if (const int row = selectedRow(); row >= 0 && row + 1 < int(bookmarks_.size()))
            move(row, row + 1);
    });
    connect(remove, &QPushButton::clicked, this, [this] { this->remove(selectedRow()); });
    connect(show, &QPushButton::clicked, this, [this] { activate(selectedRow()); });

    auto* buttons = new QHBoxLayout;
    for (QPushButton* b : {add, rename, up, down, remove, show})
        buttons->addWidget(b);
    auto* layout = new QVBoxLayout(body);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(list_, 1);
    layout->addLayout(buttons);
    setWidget(body);
    window->addDockWidget(Qt::RightDockWidgetArea, this);
}

void BookmarksDock::setBookmarks(std::vector<session::Bookmark> bookmarks) {
    bookmarks_ = std::move(bookmarks);
    current_ = -1;
    refill();
    Q_EMIT bookmarksChanged();
}

int BookmarksDock::addShownView(const QString& name) {
    const QString chosen = name.isEmpty() ? tr("Bookmark %1").arg(bookmarks_.size() + 1) : name;
    std::optional<session::Bookmark> bookmark = bookmarkOfShownView(*window_, chosen.toStdString());
    if (!bookmark)
        return -1;
    bookmarks_.push_back(std::move(*bookmark));
    refill();
    list_->setCurrentRow(int(bookmarks_.size()) - 1);
    Q_EMIT bookmarksChanged();
    return int(bookmarks_.size()) - 1;
}

void BookmarksDock::rename(int index, const QString& name) {
    if (index < 0 || index >= int(bookmarks_.size()) || name.trimmed().isEmpty()) {
        refill();  // an empty name is refused: the old one shows again
        return;
    }
    bookmarks_[index].name = name.trimmed().toStdString();
    refill();
    Q_EMIT bookmarksChanged();
}

void BookmarksDock::move(int from, int to) {
    const int count = int(bookmarks_.size());
    if (from < 0 || from >= count || to < 0 || to >= count || from == to)
        return;
    session::Bookmark moved = std::move(bookmarks_[from]);
    bookmarks_.erase(bookmarks_.begin() + from);
    bookmarks_.insert(bookmarks_.begin() + to, std::move(moved));
    current_ = -1;
    refill();
    list_->setCurrentRow(to);
    Q_EMIT bookmarksChanged();
}

void BookmarksDock::remove(int index) {
    if (index < 0 || index >= int(bookmarks_.size()))
        return;
    bookmarks_.erase(bookmarks_.begin() + index);
    current_ = -1;
    refill();
    Q_EMIT bookmarksChanged();
}

bool BookmarksDock::activate(int index) {
    if (index < 0 || index >= int(bookmarks_.size()))
        return false;
    current_ = index;
    list_->setCurrentRow(index);
    return player_->show(bookmarks_[index]);
}

void BookmarksDock::refill() {
    filling_ = true;
    list_->clear();
    for (std::size_t i = 0; i < bookmarks_.size(); ++i) {
        auto* item = new QListWidgetItem(QString::fromStdString(bookmarks_[i].name), list_);
        item->setData(kIndexRole, int(i));
        item->setFlags(item->flags() | Qt::ItemIsEditable | Qt::ItemIsDragEnabled);
        item->setToolTip(tr("View: %1").arg(QString::fromStdString(bookmarks_[i].view)));
    }
    filling_ = false;
}

void BookmarksDock::takeOrderFromList() {
    std::vector<session::Bookmark> reordered;
    for (int row = 0; row < list_->count(); ++row) {
        const int index = list_->item(row)->data(kIndexRole).toInt();
        if (index < 0 || index >= int(bookmarks_.size()))
            return refill();
        reordered.push_back(bookmarks_[index]);
    }
    if (reordered.size() != bookmarks_.size())
        return refill();
    bookmarks_ = std::move(reordered);
    current_ = -1;
    refill();
    Q_EMIT bookmarksChanged();
}

int BookmarksDock::selectedRow() const {
    return list_->currentRow();
}

}  // namespace modescape::ui
