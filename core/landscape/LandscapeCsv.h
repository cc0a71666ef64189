#pragma once
// A surface as CSV: header "x,y,loss,acc,computed", one line per point in
// row-major [ny][nx] order, accuracy as a fraction, "nan" where not computed,
// y = 0 in 1-D; computed is 1 or 0 (a computed loss may be nan or inf).

#include <string>

#include "core/landscape/LandscapeResult.h"

namespace modescape::landscape {

std::string landscapeCsvText(const LandscapeResult& result);
// Atomic. Throws IoError naming path.
void writeLandscapeCsv(const std::string& path, const LandscapeResult& result);

}  // namespace modescape::landscape
