#pragma once
// "Model and data": asked when an opened set has no model or no dataset.
// Prefilled with what Modescape recognised (the model as --model SPEC text,
// the datasets as ROLE=SPEC lines, the family's default normalisation); the
// user accepts, edits or skips. The window saves the answer as the set's
// sidecar manifest (core/io/set/SidecarManifest.h) and opens the set again.

#include <QDialog>

#include <functional>

#include "core/io/set/CheckpointSet.h"
#include "core/io/set/SetOverrides.h"

class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace modescape::ui {

class ModelAndDataDialog : public QDialog {
    Q_OBJECT
  public:
    // sidecarPath is only shown (where the answer will be saved).
    ModelAndDataDialog(const io::CheckpointSet& set, const QString& sidecarPath,
                       QWidget* parent = nullptr);

    QString modelText() const;
    QString datasetsText() const;  // one ROLE=SPEC per line
    QString normalizationText() const;
    QLineEdit* modelEdit() const { return model_; }
    QPlainTextEdit* datasetsEdit() const { return datasets_; }
    QLineEdit* normalizationEdit() const { return normalization_; }
    // What a problem with the fields says ("" when none).
    QString problem() const;

    // The fields as a sidecar's content (source "sidecar"). Throws
    // InvalidArgument naming the field for a malformed model or dataset line.
    io::SetOverrides answer() const;

    // Checks the fields first: a malformed one is shown and the dialog stays open.
    void accept() override;

  private:
    QLineEdit* model_;
    QPlainTextEdit* datasets_;
    QLineEdit* normalization_;
    QLabel* problem_;
    std::string folder_;  // relative TorchScript paths resolve against the set
};

// Whether an opened set should be asked about: it has no model or no dataset.
bool needsModelAndData(const io::CheckpointSet& set);

// Shows the dialog for set (opened from setPath) without blocking the window;
// on Save writes the sidecar manifest (sidecarManifestPath(setPath)) and calls
// saved (the window opens the set again), on Skip calls skipped. A failed
// write is logged with its reason.
void askForModelAndData(QWidget* parent, const io::CheckpointSet& set, const QString& setPath,
                        std::function<void()> saved, std::function<void()> skipped);

}  // namespace modescape::ui
