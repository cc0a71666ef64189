#pragma once
// Settings and provenance of a landscape as JSON: what the HDF5 file keeps in
// its "modescape" attribute so a surface reads back whole, and what the CLI
// prints. Keys are the CLI's words (docs/landscape.md).

#include <nlohmann/json_fwd.hpp>

#include "core/landscape/LandscapeResult.h"

namespace modescape::landscape {

nlohmann::json settingsToJson(const LandscapeSettings& settings);
// Missing keys keep their defaults. Throws FormatError(source, ...) for
// values of the wrong type or unknown words.
LandscapeSettings settingsFromJson(const nlohmann::json& j, const std::string& source);

// The keys of resultDefiningSettings() whose values differ between a and b,
// "seed, x" ("" when a surface computed with a can be resumed with b).
std::string differingSettings(const LandscapeSettings& a, const LandscapeSettings& b);

// [{"eigenvector", "eigenvalue", "residual", "curvature", "lanczos_steps",
// "converged"}] of Hessian directions (NaN as null).
nlohmann::json curvatureToJson(const std::vector<DirectionCurvature>& curvature);

// Settings, centre values, markers and provenance (everything but the grid).
nlohmann::json resultMetadataToJson(const LandscapeResult& result);
// Fills those fields of result (its grid is left alone).
void resultMetadataFromJson(const nlohmann::json& j, LandscapeResult& result,
                            const std::string& source);

}  // namespace modescape::landscape
