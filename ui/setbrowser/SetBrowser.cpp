#include "ui/setbrowser/SetBrowser.h"

#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTreeView>
#include <QVBoxLayout>

#include "core/io/set/CheckpointSet.h"
#include "core/io/set/SetOverrides.h"
#include "ui/setbrowser/SetMemberModel.h"
#include "ui/setbrowser/TensorDetailsPane.h"

namespace modescape::ui {

SetBrowser::SetBrowser(JobRunner* runner, QWidget* parent) : QWidget(parent), runner_(runner) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    title_ = new QLabel(tr("No set open. File > Open set…"), this);
    title_->setObjectName("setTitle");
    title_->setWordWrap(true);
    filter_ = new QLineEdit(this);
    filter_->setObjectName("setFilter");
    filter_->setPlaceholderText(tr("Filter members (name, group, seed, …)"));
    filter_->setClearButtonEnabled(true);

    model_ = new SetMemberModel(this);
    proxy_ = new QSortFilterProxyModel(this);
    proxy_->setSourceModel(model_);
    proxy_->setFilterCaseSensitivity(Qt::CaseInsensitive);
    proxy_->setFilterKeyColumn(-1);              // any column
    proxy_->setRecursiveFilteringEnabled(true);  // a matching member keeps its group row
    proxy_->setSortRole(Qt::DisplayRole);
    connect(filter_, &QLineEdit::textChanged, proxy_, &QSortFilterProxyModel::setFilterFixedString);

    tree_ = new QTreeView(this);
    tree_->setObjectName("setTree");
    tree_->setModel(proxy_);
    tree_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    tree_->setSelectionBehavior(QAbstractItemView::SelectRows);
    tree_->setSortingEnabled(true);
    tree_->sortByColumn(
        -1, Qt::AscendingOrder);        // the set's own (natural) order until a header is clicked
    tree_->setUniformRowHeights(true);  // 10,000 members stay fluid
    connect(tree_->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &SetBrowser::onSelectionChanged);

    details_ = new TensorDetailsPane(runner_, this);
    details_->setObjectName("tensorDetails");

    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(tree_);
    split->addWidget(details_);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(title_);
    layout->addWidget(filter_);
    layout->addWidget(split);
}

SetBrowser::~SetBrowser() = default;

void SetBrowser::showFolder(const QString& directory) {
    folder_ = directory;
    set_.reset();
    model_->showSet(io::CheckpointSet{});
    details_->showMember(nullptr);
    title_->setText(tr("Opening %1…").arg(directory));
}

void SetBrowser::showOpenFailure(const QString& directory, const QString& message) {
    if (directory != folder_)
        return;
    title_->setText(tr("Could not open %1: %2").arg(directory, message));
}

void SetBrowser::showSet(std::shared_ptr<const io::CheckpointSet> set) {
    set_ = std::move(set);
    folder_ = QString::fromStdString(set_->folder);
    model_->showSet(*set_);
    tree_->expandAll();
    tree_->header()->resizeSections(QHeaderView::ResizeToContents);
    QString text = tr("%1 — %2 checkpoints").arg(folder_).arg(set_->members.size());
    text += tr(", %1 groups, %2 parameters each")
                .arg(set_->groupCounts().size())
                .arg(set_->parametersPerMember());
    if (!set_->excluded.empty())
        text += tr(" (%1 left out, see the log)").arg(set_->excluded.size());
    text += "\n" + tr("Model: %1").arg(QString::fromStdString(io::describeModelAndSource(*set_)));
    title_->setText(text);
    Q_EMIT setShown(int(set_->members.size()));
}

QStringList SetBrowser::selectedMembers() const {
    QStringList names;
    for (const QModelIndex& index : tree_->selectionModel()->selectedRows(0)) {
        const QString name = index.data(SetMemberModel::MemberNameRole).toString();
        if (!name.isEmpty())
            names << name;  // group rows carry no member
    }
    return names;
}

void SetBrowser::selectMembers(const QStringList& names) {
    QItemSelection selection;
    for (int g = 0; g < proxy_->rowCount(); ++g) {
        const QModelIndex group = proxy_->index(g, 0);
        for (int r = 0; r < proxy_->rowCount(group); ++r) {
            const QModelIndex member = proxy_->index(r, 0, group);
            if (names.contains(member.data(SetMemberModel::MemberNameRole).toString()))
                selection.select(member, member);
        }
    }
    tree_->selectionModel()->select(
        selection, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    revealSelection();
}

void SetBrowser::revealSelection() {
    // Members picked elsewhere (a click on the map) are shown here: their
    // groups open, and the first of them scrolled into view.
    const QModelIndexList rows = tree_->selectionModel()->selectedRows(0);
    for (const QModelIndex& row : rows)
        for (QModelIndex group = row.parent(); group.isValid(); group = group.parent())
            tree_->expand(group);
    if (!rows.isEmpty())
        tree_->scrollTo(rows.front(), QAbstractItemView::EnsureVisible);
}

void SetBrowser::onSelectionChanged() {
    const QStringList names = selectedMembers();
    // The details follow the current member, else the last one selected.
    QString current =
        tree_->currentIndex().siblingAtColumn(0).data(SetMemberModel::MemberNameRole).toString();
    if (!names.contains(current))
        current = names.isEmpty() ? QString() : names.last();
    const io::SetMember* member =
        set_ && !current.isEmpty() ? set_->findMember(current.toStdString()) : nullptr;
    if (!member)
        details_->showMember(nullptr);
    else if (details_->member() != current)
        details_->showMember(member);
    Q_EMIT selectionChanged(names);
}

}  // namespace modescape::ui
