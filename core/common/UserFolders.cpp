#include "core/common/UserFolders.h"

#include <cstdlib>
#include <filesystem>

namespace modescape {
namespace {

namespace fs = std::filesystem;

// $variable when it names an absolute path, else $HOME/fallback, else a
// folder in the temporary folder; always with "modescape" appended.
std::string folderFrom(const char* variable, const char* homeFallback) {
    if (const char* value = std::getenv(variable); value && value[0] == '/')
        return (fs::path(value) / "modescape").string();
    if (const char* home = std::getenv("HOME"); home && home[0] != '\0')
        return (fs::path(home) / homeFallback / "modescape").string();
    return (fs::temp_directory_path() / "modescape").string();
}

}  // namespace

std::string userCacheFolder() {
    return folderFrom("XDG_CACHE_HOME", ".cache");
}

std::string userDataFolder() {
    return folderFrom("XDG_DATA_HOME", ".local/share");
}

}  // namespace modescape
