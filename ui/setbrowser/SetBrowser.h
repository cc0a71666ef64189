#pragma once
// The checkpoint-set browser (left dock): the members of the open set grouped
// in a tree (group -> members) with metadata columns, sortable, filterable by
// a text field, multi-select; below it the tensors of the current member.
// The selection is published as member names for the other views to share.

#include <QStringList>
#include <QWidget>

#include <memory>

class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTreeView;

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class JobRunner;
class SetMemberModel;
class TensorDetailsPane;

class SetBrowser : public QWidget {
    Q_OBJECT
  public:
    explicit SetBrowser(JobRunner* runner, QWidget* parent = nullptr);
    ~SetBrowser() override;

    // A set is being opened from directory: shows it as loading.
    void showFolder(const QString& directory);
    // Shows an opened set (replaces whatever was shown).
    void showSet(std::shared_ptr<const io::CheckpointSet> set);
    // Opening directory failed: says so in the browser.
    void showOpenFailure(const QString& directory, const QString& message);

    QString folder() const { return folder_; }
    std::shared_ptr<const io::CheckpointSet> set() const { return set_; }
    // Names of the selected members, in the view's order.
    QStringList selectedMembers() const;
    // Selects the members of the given names (others are deselected), opens
    // their groups and scrolls the first into view.
    void selectMembers(const QStringList& names);

  Q_SIGNALS:
    // The selected members changed (names as in CheckpointSet::members).
    void selectionChanged(const QStringList& members);
    // A set was shown.
    void setShown(int members);

  private:
    void onSelectionChanged();
    void revealSelection();

    JobRunner* runner_;
    QLabel* title_;
    QLineEdit* filter_;
    QTreeView* tree_;
    SetMemberModel* model_;
    QSortFilterProxyModel* proxy_;
    TensorDetailsPane* details_;
    QString folder_;
    std::shared_ptr<const io::CheckpointSet> set_;
};

}  // namespace modescape::ui
