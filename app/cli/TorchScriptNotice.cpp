#include "app/cli/TorchScriptNotice.h"

#include <iostream>
#include <set>
#include <string>

#include "core/model/TorchScriptApproval.h"

namespace modescape::cli {

void installTorchScriptNotice() {
    // Calls are serialised by requireTorchScriptApproval, so the set needs no lock.
    model::setTorchScriptApproval(
        [announced = std::set<std::string>()](const std::string& path) mutable {
            if (announced.insert(path).second)
                std::cerr << "note: running the TorchScript model " << path
                          << " as code, because it is the set's model (named by modescape.json, a "
                             "sidecar or --model); "
                             "TorchScript can do anything you can, so use only models you trust\n"
                          << std::flush;
            return true;
        });
}

}  // namespace modescape::cli
