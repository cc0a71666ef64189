#pragma once
// The built-in demo set lives once per user, in the user's data folder
// ($XDG_DATA_HOME/modescape/demo/two-moons, else ~/.local/share/...).

#include <string>

#include "core/jobs/Progress.h"

namespace modescape::sampling {

std::string demoSetFolder();
bool demoSetExists();
// Builds the two-moons set into demoSetFolder() unless it is there already;
// returns the folder.
std::string ensureDemoSet(const JobContext& context);

}  // namespace modescape::sampling
