#pragma once
// Where Modescape keeps a user's files, after the XDG Base Directory
// specification: never next to the executable, never in the working folder.
//   userCacheFolder()  $XDG_CACHE_HOME/modescape, else ~/.cache/modescape
//                      (predictions, archive indexes and extracted entries)
//   userDataFolder()   $XDG_DATA_HOME/modescape, else ~/.local/share/modescape
//                      (the demo set)
// A variable that is unset, empty or not an absolute path is ignored, as the
// specification asks. Without a home either, a folder in the system's
// temporary folder. The window's settings go through QSettings
// (~/.config/Modescape/Modescape.conf) and its autosaves to the cache folder.

#include <string>

namespace modescape {

std::string userCacheFolder();
std::string userDataFolder();

}  // namespace modescape
