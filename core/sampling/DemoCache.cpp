#include "core/sampling/DemoCache.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "core/common/Log.h"
#include "core/common/UserFolders.h"
#include "core/io/AtomicFile.h"
#include "core/sampling/DemoRecipes.h"

namespace modescape::sampling {

std::string demoSetFolder() {
    return (std::filesystem::path(userDataFolder()) / "demo" / "two-moons").string();
}

namespace {

std::filesystem::path stampPath(const std::string& folder) {
    return std::filesystem::path(folder) / ".modescape-demo-version";
}

}  // namespace

bool isCurrentDemoSet(const std::string& folder) {
    if (!std::filesystem::exists(std::filesystem::path(folder) / "modescape.json"))
        return false;
    std::ifstream in(stampPath(folder));
    std::string stamp;
    return static_cast<bool>(in >> stamp) && stamp == std::to_string(kDemoSetVersion);
}

void stampDemoSet(const std::string& folder) {
    io::writeFileAtomically(stampPath(folder).string(), std::to_string(kDemoSetVersion) + "\n");
}

bool demoSetExists() {
    return isCurrentDemoSet(demoSetFolder());
}

std::string ensureDemoSet(const JobContext& context) {
    const std::string folder = demoSetFolder();
    if (isCurrentDemoSet(folder))
        return folder;
    if (std::filesystem::exists(std::filesystem::path(folder) / "modescape.json"))
        log::info("the demo set in " + folder + " was made by an older recipe: building it again");
    else
        log::info("building the two-moons demo set (once) in " + folder);
    // The folder is Modescape's own: make its parents, and replace whatever an
    // interrupted older build left there.
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(folder).parent_path(), ec);
    const RecipeReport report =
        makeRecipeSet(kDemoRecipe, folder, kDemoSeed, context, io::ReplacePolicy::Anything);
    log::info("demo set ready: " + std::to_string(report.members) + " members in " +
              std::to_string(report.seconds) + " s");
    return folder;
}

}  // namespace modescape::sampling
