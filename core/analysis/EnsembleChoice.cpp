#include "core/analysis/EnsembleChoice.h"

#include <algorithm>

#include "core/common/Error.h"
#include "core/data/DatasetRoleWords.h"
#include "core/io/set/CheckpointSet.h"

namespace modescape::analysis {

ParameterSpec membersParameter() {
    return parameter("members", ParameterKind::Members, "Members",
                     "Members to average (comma-separated)")
        .defaultReads("every member, or the group's")
        .selectedByDefault();
}

ParameterSpec groupParameter() {
    return parameter("group", ParameterKind::Text, "Group", "Average the members of this group")
        .byDefault("")
        .defaultReads("every group");
}

ParameterSpec splitParameter() {
    // The roles a calibration can be computed on (not the OOD split, which is
    // the other side of the OOD scores).
    return parameter("split", ParameterKind::Role, "Split", "Dataset role to evaluate on")
        .byDefault("test")
        .oneOf(data::inDistributionRoles());
}

namespace {

std::vector<std::string> givenMembers(const ParameterValues& values) {
    const auto it = values.find("members");
    if (it == values.end() || !it->is_array())
        return {};
    return it->get<std::vector<std::string>>();
}

std::string givenGroup(const ParameterValues& values) {
    const auto it = values.find("group");
    return it == values.end() || !it->is_string() ? std::string() : it->get<std::string>();
}

}  // namespace

void checkEnsembleChoice(const ParameterValues& values, const io::CheckpointSet* set) {
    const std::vector<std::string> members = givenMembers(values);
    const std::string group = givenGroup(values);
    if (!members.empty() && !group.empty())
        throw InvalidArgument("--members and --group exclude each other: give one of them");
    if (!set)
        return;
    for (const auto& name : members)
        if (!set->findMember(name))
            throw InvalidArgument(set->folder + ": no member named '" + name + "'");
    if (!group.empty() && std::none_of(set->members.begin(), set->members.end(),
                                       [&](const auto& m) { return m.group == group; }))
        throw InvalidArgument(set->folder + ": no member in group '" + group + "'");
    const auto split = values.find("split");
    if (split != values.end() && split->is_string() &&
        std::none_of(set->datasets.begin(), set->datasets.end(),
                     [&](const auto& d) { return d.role == split->get<std::string>(); })) {
        std::string roles;
        for (const auto& d : set->datasets)
            roles += (roles.empty() ? "" : ", ") + d.role;
        throw InvalidArgument("--split: " + set->folder + " has no '" + split->get<std::string>() +
                              "' dataset (it has: " + (roles.empty() ? "none" : roles) + ")");
    }
}

std::vector<std::string> chosenMembers(const ParameterValues& values,
                                       const io::CheckpointSet& set) {
    checkEnsembleChoice(values, &set);
    std::vector<std::string> names = givenMembers(values);
    if (!names.empty())
        return names;
    const std::string group = givenGroup(values);
    for (const auto& m : set.members)
        if (group.empty() || m.group == group)
            names.push_back(m.name);
    if (names.empty())
        throw InvalidArgument(set.folder + ": no member to evaluate");
    return names;
}

}  // namespace modescape::analysis
