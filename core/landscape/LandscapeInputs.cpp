#include "core/landscape/LandscapeInputs.h"

#include "core/common/JoinText.h"

namespace modescape::landscape {

std::vector<std::string> describeChanges(const LandscapeInputs& before,
                                         const LandscapeInputs& now) {
    std::vector<std::string> changes;
    for (const auto& [name, hash] : before.members) {
        const auto it = now.members.find(name);
        if (it == now.members.end())
            changes.push_back("member " + name + " is no longer part of it");
        else if (it->second != hash)
            changes.push_back("member " + name + " changed (its weights differ)");
    }
    for (const auto& [name, hash] : now.members)
        if (!before.members.count(name))
            changes.push_back("member " + name + " is now part of it (it was not)");
    if (before.directionFile != now.directionFile)
        changes.push_back("the direction file changed");
    if (before.data != now.data)
        changes.push_back("the data changed (other inputs or labels)");
    if (before.model != now.model)
        changes.push_back("the model changed");
    return changes;
}

InputsChanged::InputsChanged(std::vector<std::string> changes)
    : InvalidArgument("cannot resume the surface: its inputs changed since it was started (" +
                      joinText(changes, "; ") + ")"),
      changes_(std::move(changes)) {}

}  // namespace modescape::landscape
