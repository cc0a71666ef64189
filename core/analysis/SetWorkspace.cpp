#include "core/analysis/SetWorkspace.h"

namespace modescape::analysis {

SetWorkspace::SetWorkspace(io::CheckpointSet set, std::string predictionCacheFolder)
    : loaded_(std::move(set), evaluation::ModelNeed::WhenUsed),
      predictions_(std::move(predictionCacheFolder)) {}

std::vector<std::string> SetWorkspace::selection() const {
    std::lock_guard lock(selectionMutex_);
    return selection_;
}

void SetWorkspace::setSelection(std::vector<std::string> members) {
    std::lock_guard lock(selectionMutex_);
    selection_ = std::move(members);
}

}  // namespace modescape::analysis
