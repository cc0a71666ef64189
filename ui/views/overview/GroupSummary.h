#pragma once
// What the overview tab says about each group of a set: how many members,
// their bytes on disk, and, once the members' predictions on the test split
// are in memory (the calibration views load them when a set opens), the
// mean, lowest and highest member accuracy.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/calibration/CalibrationReport.h"

namespace modescape::io {
struct CheckpointSet;
}

namespace modescape::ui {

struct GroupAccuracy {
    double mean = 0.0;
    double lowest = 0.0;
    double highest = 0.0;
    std::size_t members = 0;  // members with a row (non-finite ones are left out)
};

struct GroupSummary {
    std::string name;
    std::size_t members = 0;
    std::uint64_t bytes = 0;
    std::optional<GroupAccuracy> accuracy;
};

// One entry per group, in the order the set's members first name them;
// `rows` (may be empty) are matched to members by name.
std::vector<GroupSummary> summarizeGroups(const io::CheckpointSet& set,
                                          const std::vector<calibration::MemberReport>& rows);

// Whether the members can be evaluated at all: a model and a test split.
bool hasModelAndTestSplit(const io::CheckpointSet& set);

// "12.3 MiB", "850 KiB", "512 B" (binary units, as the set browser's sizes).
std::string describeBytes(std::uint64_t bytes);

}  // namespace modescape::ui
