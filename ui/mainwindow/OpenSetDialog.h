#pragma once
// File > Open set…: one dialog for every kind of checkpoint set, a folder of
// checkpoints, an archive of them or a folder of archives. Qt's dialogs pick
// either files or folders, so this one is a file dialog whose Open button also
// takes a selected folder (or, with nothing selected, the folder shown) as the
// set; double-clicking a folder still enters it.

#include <QFileDialog>

namespace modescape::ui {

class OpenSetDialog : public QFileDialog {
    Q_OBJECT
  public:
    OpenSetDialog(QWidget* parent, const QString& startFolder);

    // The folder or archive the user chose; empty until accepted.
    QString chosenPath() const { return chosen_; }

    void accept() override;

  private:
    QString chosen_;
};

// What Open means for the current selection: the selected folder or file, or
// the folder shown when nothing is selected. Empty when the selection does not
// exist (the dialog then keeps its usual behaviour, e.g. a typed wildcard).
QString setPathForSelection(const QStringList& selected, const QString& shownFolder);

// Asks for a set; empty when cancelled.
QString askForSetToOpen(QWidget* parent, const QString& startFolder);

}  // namespace modescape::ui
