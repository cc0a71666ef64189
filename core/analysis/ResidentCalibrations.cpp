#include "core/analysis/ResidentCalibrations.h"

#include <map>
#include <mutex>

#include "core/evaluation/ResidentCalibration.h"

namespace modescape::analysis {
namespace {

// Weak: the owners (pages) decide how long the predictions stay. A workspace
// outlives its pages (they hold it), so its address names it while registered.
std::mutex registryMutex;
std::map<const SetWorkspace*, std::weak_ptr<evaluation::ResidentCalibration>> registry;

void dropExpired() {
    std::erase_if(registry, [](const auto& entry) { return entry.second.expired(); });
}

}  // namespace

std::shared_ptr<evaluation::ResidentCalibration> keepCalibrationResident(
    const SetWorkspace& workspace) {
    std::lock_guard lock(registryMutex);
    dropExpired();
    if (auto kept = registry[&workspace].lock())
        return kept;
    auto made = std::make_shared<evaluation::ResidentCalibration>();
    registry[&workspace] = made;
    return made;
}

std::shared_ptr<evaluation::ResidentCalibration> residentCalibrationOf(
    const SetWorkspace& workspace) {
    std::lock_guard lock(registryMutex);
    dropExpired();
    const auto it = registry.find(&workspace);
    return it == registry.end() ? nullptr : it->second.lock();
}

}  // namespace modescape::analysis
