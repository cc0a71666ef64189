#include "ui/mainwindow/SetBrowser.h"

#include <QFileSystemModel>
#include <QHeaderView>
#include <QLabel>
#include <QTreeView>
#include <QVBoxLayout>

namespace modescape::ui {

SetBrowser::SetBrowser(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    title_ = new QLabel(tr("No set open. File > Open set…"), this);
    title_->setWordWrap(true);
    tree_ = new QTreeView(this);
    tree_->setObjectName("setTree");
    tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    tree_->setSortingEnabled(true);
    model_ = new QFileSystemModel(this);
    model_->setNameFilters({"*.safetensors", "*.pt", "*.pth", "*.bin", "*.ckpt", "*.json"});
    model_->setNameFilterDisables(false);
    layout->addWidget(title_);
    layout->addWidget(tree_);
}

void SetBrowser::showFolder(const QString& directory) {
    folder_ = directory;
    title_->setText(directory);
    tree_->setModel(model_);
    tree_->setRootIndex(model_->setRootPath(directory));
    tree_->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
}

}  // namespace modescape::ui
