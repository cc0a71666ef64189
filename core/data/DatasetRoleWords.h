#pragma once
// The dataset roles of a checkpoint set, written once: roleName() and
// parseRole(), the manifest's and sidecar's "datasets" keys, --dataset
// ROLE=SPEC and every analysis's --split choices read this table. (It sits
// beside Dataset.h rather than in it: nearly every file includes Dataset.h.)
//
// There is no "validation" role: DatasetRole has no such value, so a
// validation dataset could be declared but was loaded as if it were training
// data and no analysis could tell it apart. A manifest that still names one
// gets the unknown-role warning below; give held-out data the test role.

#include <string>
#include <vector>

#include "core/common/WordTable.h"
#include "core/data/Dataset.h"

namespace modescape::data {

inline constexpr WordTable<DatasetRole, 3> kDatasetRoleWords{{
    {"train", DatasetRole::Train},
    {"test", DatasetRole::Test},
    {"ood", DatasetRole::Ood},
}};

inline bool isDatasetRole(const std::string& word) {
    for (const auto& entry : kDatasetRoleWords)
        if (word == entry.word)
            return true;
    return false;
}

// "unknown dataset role 'WORD' (accepted: train, test, ood)": the one message
// for a role outside the table; callers put the file or option in front.
inline std::string unknownRoleMessage(const std::string& word) {
    return "unknown dataset role '" + word + "' (accepted: " + wordList(kDatasetRoleWords) + ")";
}

// Every role but ood: the data whose labels belong to the task, on which
// calibration and ensemble uncertainty are evaluated (the OOD data are the
// other side of the OOD scores there).
inline std::vector<std::string> inDistributionRoles() {
    std::vector<std::string> roles;
    for (const auto& entry : kDatasetRoleWords)
        if (entry.value != DatasetRole::Ood)
            roles.emplace_back(entry.word);
    return roles;
}

}  // namespace modescape::data
