#pragma once
// The checkpoint-set browser (left dock). Until the set reader lands it lists
// the folder's files; sub-folders are groups.

#include <QWidget>

class QLabel;
class QTreeView;
class QFileSystemModel;

namespace modescape::ui {

class SetBrowser : public QWidget {
    Q_OBJECT
public:
    explicit SetBrowser(QWidget* parent = nullptr);

    void showFolder(const QString& directory);
    QString folder() const { return folder_; }

private:
    QLabel* title_;
    QTreeView* tree_;
    QFileSystemModel* model_;
    QString folder_;
};

}  // namespace modescape::ui
