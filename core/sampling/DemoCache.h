#pragma once
// The built-in demo set lives once per user, in the user's data folder
// ($XDG_DATA_HOME/modescape/demo/two-moons, else ~/.local/share/...). It is
// stamped with the recipe's version (a hidden file the set scan skips), so a
// set made by an older recipe is built again instead of shown as current.

#include <cstdint>
#include <string>

#include "core/jobs/Progress.h"

namespace modescape::sampling {

// Bump whenever what the two-moons recipe writes changes (data, networks,
// samplers, seeds): demo sets stamped with another number are rebuilt.
inline constexpr int kDemoSetVersion = 2;  // 2: the harder recipe of TwoMoonsRecipe.h
// The recipe and seed the demo set is made with.
inline constexpr const char* kDemoRecipe = "two-moons";
inline constexpr std::uint64_t kDemoSeed = 0;

std::string demoSetFolder();
// Whether folder holds a complete demo set stamped with kDemoSetVersion.
bool isCurrentDemoSet(const std::string& folder);
// Writes kDemoSetVersion's stamp into folder (atomically); makeRecipeSet does
// it for every two-moons set made with kDemoSeed.
void stampDemoSet(const std::string& folder);
// isCurrentDemoSet(demoSetFolder()).
bool demoSetExists();
// Builds the two-moons set into demoSetFolder() unless a current one is there
// (an older one is replaced); returns the folder.
std::string ensureDemoSet(const JobContext& context);

}  // namespace modescape::sampling
