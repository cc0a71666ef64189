#pragma once
// A TorchScript model is code: loading it runs its classes' __setstate__,
// evaluating it runs its forward, and either may do anything the user can.
// Modescape runs one only when a set's manifest names it as the model, and
// only after the front end approved that file: the command line announces on
// stderr what will run, the GUI asks the user (remembered per file content).
// Checkpoint members are never run (core/io/torch/TorchScriptReader.h).

#include <functional>
#include <string>

#include "core/common/Error.h"

namespace modescape::model {

// The user did not allow a TorchScript model to run.
class TorchScriptDeclined : public IoError {
  public:
    using IoError::IoError;
};

// Returns whether the TorchScript file at path may run. May be called from
// worker threads; calls are serialised.
using TorchScriptApproval = std::function<bool(const std::string& path)>;

// Installs the front end's approval (the CLI and the GUI do so at start-up).
// Without one every model is approved silently (tests, library use).
void setTorchScriptApproval(TorchScriptApproval approval);

// Asks the installed approval before path is loaded; throws
// TorchScriptDeclined naming path when it says no.
void requireTorchScriptApproval(const std::string& path);

}  // namespace modescape::model
