#pragma once
#include "core/sampling/DemoRecipes.h"

namespace modescape::cli {

// Prints what make-set produced: a table, or one JSON object with --json.
void printRecipeReport(const sampling::RecipeReport& report, bool json);

}  // namespace modescape::cli
