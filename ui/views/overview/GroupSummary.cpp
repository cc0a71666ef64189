#include "ui/views/overview/GroupSummary.h"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/io/set/CheckpointSet.h"

namespace modescape::ui {

std::vector<GroupSummary> summarizeGroups(const io::CheckpointSet& set,
                                          const std::vector<calibration::MemberReport>& rows) {
    std::vector<GroupSummary> groups;
    std::map<std::string, std::size_t> indexOf;
    for (const std::string& name : set.groups()) {
        indexOf[name] = groups.size();
        groups.push_back({name, 0, 0, std::nullopt});
    }
    for (const io::SetMember& member : set.members) {
        GroupSummary& group = groups[indexOf.at(member.group)];
        ++group.members;
        group.bytes += member.fileBytes;
    }
    std::vector<double> sums(groups.size(), 0.0);
    for (const calibration::MemberReport& row : rows) {
        const io::SetMember* member = set.findMember(row.name);
        if (!member)
            continue;
        const std::size_t g = indexOf.at(member->group);
        const double accuracy = row.metrics.accuracy;
        auto& summary = groups[g].accuracy;
        if (!summary)
            summary = GroupAccuracy{0.0, accuracy, accuracy, 0};
        summary->lowest = std::min(summary->lowest, accuracy);
        summary->highest = std::max(summary->highest, accuracy);
        ++summary->members;
        sums[g] += accuracy;
    }
    for (std::size_t g = 0; g < groups.size(); ++g)
        if (groups[g].accuracy)
            groups[g].accuracy->mean = sums[g] / double(groups[g].accuracy->members);
    return groups;
}

bool hasModelAndTestSplit(const io::CheckpointSet& set) {
    return !set.members.empty() && set.model.kind != io::ModelSpec::Kind::None &&
           std::any_of(set.datasets.begin(), set.datasets.end(),
                       [](const io::DatasetSpec& d) { return d.role == "test"; });
}

std::string describeBytes(std::uint64_t bytes) {
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double value = double(bytes);
    int unit = 0;
    while (value >= 1024.0 && unit < 4) {
        value /= 1024.0;
        ++unit;
    }
    char text[32];
    if (unit == 0)
        std::snprintf(text, sizeof text, "%llu B", static_cast<unsigned long long>(bytes));
    else
        std::snprintf(text, sizeof text, value < 10 ? "%.1f %s" : "%.0f %s", value, units[unit]);
    return text;
}

}  // namespace modescape::ui
