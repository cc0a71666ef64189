#include "core/model/TorchScriptApproval.h"

#include <mutex>

namespace modescape::model {

namespace {

std::mutex& approvalMutex() {
    static std::mutex m;
    return m;
}

TorchScriptApproval& installed() {
    static TorchScriptApproval approval;
    return approval;
}

}  // namespace

void setTorchScriptApproval(TorchScriptApproval approval) {
    std::lock_guard<std::mutex> lock(approvalMutex());
    installed() = std::move(approval);
}

void requireTorchScriptApproval(const std::string& path) {
    std::lock_guard<std::mutex> lock(approvalMutex());
    if (installed() && !installed()(path))
        throw TorchScriptDeclined(path,
                                  "this TorchScript model was not allowed to run (it is code and "
                                  "could do anything you can); allow it when Modescape asks, or "
                                  "name a built-in model in modescape.json");
}

}  // namespace modescape::model
