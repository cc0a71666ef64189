#pragma once
// The GUI's approval of TorchScript models (core/model/TorchScriptApproval.h).
// The first time a set's model is TorchScript the user is asked whether it may
// run; a yes is remembered (QSettings) per SHA-256 of the file's content, so
// an edited file is asked about again. Until approved, the model never loads.

#include <functional>

#include <QString>

class QWidget;

namespace modescape::ui {

// Installs the approval core asks before loading a model: approved when the
// file's current content was approved. Thread-safe (a fresh QSettings per call).
void installTorchScriptApproval();

// True when the file's current content was approved before.
bool isTorchScriptApproved(const QString& path);

// Approves path's content when it was not yet, asking through ask (the text
// to show; true = run it). Returns whether the model may run.
bool confirmTorchScriptModel(const QString& path, const std::function<bool(const QString&)>& ask);

// The same, asking with a message box over parent.
bool confirmTorchScriptModel(QWidget* parent, const QString& path);

}  // namespace modescape::ui
