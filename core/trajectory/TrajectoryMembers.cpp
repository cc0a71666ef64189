#include "core/trajectory/TrajectoryMembers.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/common/Error.h"
#include "core/common/JoinText.h"

namespace modescape::trajectory {
namespace {

// The metadata value as a number, NaN when absent or not a number.
double numberOf(const io::SetMember& m, const char* key) {
    const std::string text = m.value(key);
    if (text.empty())
        return std::numeric_limits<double>::quiet_NaN();
    try {
        std::size_t used = 0;
        const double v = std::stod(text, &used);
        return used == text.size() ? v : std::numeric_limits<double>::quiet_NaN();
    } catch (const std::exception&) {
        return std::numeric_limits<double>::quiet_NaN();
    }
}

}  // namespace

std::vector<TrajectoryPoint> orderedGroup(const io::CheckpointSet& set, const std::string& group,
                                          const std::string& flag) {
    std::vector<const io::SetMember*> members;
    for (const auto& m : set.members)
        if (m.group == group)
            members.push_back(&m);
    if (members.empty())
        throw InvalidArgument(flag + ": " + set.folder + " has no group named '" + group +
                              "' (it has: " + joinText(set.groups()) + ")");
    std::sort(members.begin(), members.end(),
              [](const auto* a, const auto* b) { return a->name < b->name; });

    // The first key every member has a number for orders the group.
    const char* orderKey = nullptr;
    for (const char* key : {"epoch", "step", "global_step"})
        if (std::all_of(members.begin(), members.end(),
                        [&](const auto* m) { return !std::isnan(numberOf(*m, key)); })) {
            orderKey = key;
            break;
        }
    if (orderKey)
        std::stable_sort(members.begin(), members.end(), [&](const auto* a, const auto* b) {
            return numberOf(*a, orderKey) < numberOf(*b, orderKey);
        });

    std::vector<TrajectoryPoint> points;
    for (std::size_t i = 0; i < members.size(); ++i) {
        TrajectoryPoint p;
        p.name = members[i]->name;
        p.group = group;
        p.index = static_cast<int>(i);
        if (orderKey)
            p.epoch = numberOf(*members[i], orderKey);
        points.push_back(std::move(p));
    }
    return points;
}

}  // namespace modescape::trajectory
