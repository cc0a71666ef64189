#pragma once
// The command line's approval of TorchScript models (core/model/TorchScriptApproval.h):
// a model the set's manifest names runs, but first stderr says, once per
// file and run, which file will run as code.

namespace modescape::cli {

void installTorchScriptNotice();

}  // namespace modescape::cli
