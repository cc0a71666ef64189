#pragma once
// The CSV of a map that `project --out` writes, and its reader (the GUI's map
// page follows a job's --out with it, docs/mpi.md):
//   name,group,x,y[,z]
//   m0,a,0.1234567891,-2.5
// One row per member, fields with a comma, a quote or a line break quoted
// ("" for a quote inside), coordinates with 10 significant digits.

#include <string>

#include "core/symmetry/SetProjection.h"

namespace modescape::symmetry {

std::string projectionCsv(const SetProjection& projection);

// The members, groups and coordinates of such a CSV (the other fields of
// SetProjection are not in it and stay empty). Throws IoError when the file
// cannot be read and FormatError naming the file and the line for anything
// else: another header, a row of another length, a coordinate that is not a
// finite number, no member.
SetProjection readProjectionCsv(const std::string& path);

}  // namespace modescape::symmetry
