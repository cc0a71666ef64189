#pragma once
// The set browser's item model: one row per group, its members below, with
// metadata columns (group, seed, epoch, format, size, then any other key the
// members carry). Numbers are stored as numbers so columns sort numerically.

#include <QStandardItemModel>
#include <QStringList>

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

class SetMemberModel : public QStandardItemModel {
    Q_OBJECT
  public:
    // Member rows carry their member name (CheckpointSet member name) in this role.
    static constexpr int MemberNameRole = Qt::UserRole + 1;

    explicit SetMemberModel(QObject* parent = nullptr);

    // Replaces the content with set's groups and members.
    void showSet(const io::CheckpointSet& set);
    // Column titles in order ("Member", "Group", "Seed", ...).
    QStringList columnTitles() const;
};

}  // namespace modescape::ui
