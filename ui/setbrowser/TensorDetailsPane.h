#pragma once
// The set browser's details pane: one member's tensors (name, shape, dtype,
// L2 norm). The norms need the tensor data, so they are computed by a job on
// the worker (JobRunner), never on the UI thread; the rows appear when it ends.

#include <QWidget>

class QLabel;
class QTableWidget;

namespace modescape::io {
struct TensorInfo;
struct SetMember;
}  // namespace modescape::io

namespace modescape::ui {

class JobRunner;

class TensorDetailsPane : public QWidget {
    Q_OBJECT
  public:
    explicit TensorDetailsPane(JobRunner* runner, QWidget* parent = nullptr);

    // Shows member's tensors and starts the job computing their norms
    // (cancelling the previous one). A null member clears the pane.
    void showMember(const io::SetMember* member);
    QString member() const { return member_; }

  Q_SIGNALS:
    // The norms of member are in the table.
    void normsShown(const QString& member);

  private:
    void fillNorms(int generation, const QString& member, const QList<QStringList>& rows);

    JobRunner* runner_;
    QLabel* title_;
    QTableWidget* table_;
    QString member_;
    int generation_ = 0;
    int job_ = 0;
};

}  // namespace modescape::ui
