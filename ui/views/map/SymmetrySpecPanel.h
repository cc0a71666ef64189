#pragma once
// The symmetry groups behind the "Symmetry panels" tab (built in, read from
// symmetry.json or inferred from a TorchScript graph): one row per group
// (name, units, permutation or permutation + scaling) with a row per tensor
// axis it reorders (layer, axis, units x block, role), the spec's notes (what
// stayed fixed and why), and "Save spec next to set", which writes the spec
// as symmetry.json in the set folder (atomically; an existing file is replaced
// only after the user says so), where every later analysis of the set finds it.

#include <QWidget>

#include <functional>
#include <optional>

#include "core/symmetry/SymmetrySpec.h"

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTreeWidget;

namespace modescape::ui {

class SymmetrySpecPanel : public QWidget {
    Q_OBJECT
  public:
    explicit SymmetrySpecPanel(QWidget* parent = nullptr);

    // Lists spec's groups; "Save" then writes into setFolder.
    void showSpec(const symmetry::SymmetrySpec& spec, const QString& setFolder);
    // No spec (yet): the list is empty and message says why.
    void clearSpec(const QString& message);

    enum class SaveOutcome { Saved, Declined, Failed, NothingToSave };
    // Writes the shown spec to specPath(); asks confirmOverwrite first when the
    // file exists. The outcome is also shown on the status line.
    SaveOutcome saveNextToSet();
    // Where saveNextToSet() writes: SET/symmetry.json (empty without a spec).
    QString specPath() const;

    // Asked with the path before an existing file is replaced (default: a
    // question box). Tests answer for the user.
    void setConfirmOverwrite(std::function<bool(const QString& path)> confirm);

    QTreeWidget* groupTree() const { return tree_; }
    QString notesText() const;
    QString statusText() const;
    QPushButton* saveButton() const { return save_; }

  Q_SIGNALS:
    void specSaved(const QString& path);

  private:
    QTreeWidget* tree_ = nullptr;
    QPlainTextEdit* notes_ = nullptr;
    QLabel* status_ = nullptr;
    QPushButton* save_ = nullptr;
    std::optional<symmetry::SymmetrySpec> spec_;
    QString folder_;
    std::function<bool(const QString&)> confirmOverwrite_;
};

}  // namespace modescape::ui
