#include "app/cli/commands/RecipeReportJson.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

namespace modescape::cli {

void printRecipeReport(const sampling::RecipeReport& report, bool json) {
    if (json) {
        nlohmann::json out = {{"folder", report.folder},
                              {"members", report.members},
                              {"seconds", report.seconds},
                              {"test_accuracy", report.testAccuracyByGroup},
                              {"min_test_accuracy", report.minTestAccuracyByGroup},
                              {"statistics", report.statistics}};
        std::cout << out.dump(2) << '\n';
        return;
    }
    std::printf("wrote %zu members to %s in %.1f s\n", report.members, report.folder.c_str(),
                report.seconds);
    std::printf("%-16s %10s %10s\n", "group", "mean acc", "min acc");
    for (const auto& [group, acc] : report.testAccuracyByGroup)
        std::printf("%-16s %9.2f%% %9.2f%%\n", group.c_str(), 100 * acc,
                    100 * report.minTestAccuracyByGroup.at(group));
    for (const auto& [key, value] : report.statistics)
        std::printf("%s = %g\n", key.c_str(), value);
}

}  // namespace modescape::cli
