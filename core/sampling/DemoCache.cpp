#include "core/sampling/DemoCache.h"

#include <cstdlib>
#include <filesystem>

#include "core/common/Log.h"
#include "core/sampling/DemoRecipes.h"

namespace modescape::sampling {

std::string demoSetFolder() {
    std::filesystem::path base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && *xdg)
        base = xdg;
    else if (const char* home = std::getenv("HOME"); home && *home)
        base = std::filesystem::path(home) / ".local" / "share";
    else
        base = std::filesystem::temp_directory_path();
    return (base / "modescape" / "demo" / "two-moons").string();
}

bool demoSetExists() {
    return std::filesystem::exists(std::filesystem::path(demoSetFolder()) / "modescape.json");
}

std::string ensureDemoSet(const JobContext& context) {
    const std::string folder = demoSetFolder();
    if (demoSetExists())
        return folder;
    log::info("building the two-moons demo set (once) in " + folder);
    // The folder is Modescape's own: make its parents, and replace whatever an
    // interrupted older build left there.
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(folder).parent_path(), ec);
    const RecipeReport report =
        makeRecipeSet("two-moons", folder, 0, context, io::ReplacePolicy::Anything);
    log::info("demo set ready: " + std::to_string(report.members) + " members in " +
              std::to_string(report.seconds) + " s");
    return folder;
}

}  // namespace modescape::sampling
